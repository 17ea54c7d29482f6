/** Thrown when a WorkbookMirror is used after destroy(). */
export class MirrorDestroyedError extends Error {
  override name = 'MirrorDestroyedError'
  constructor() {
    super('The workbook mirror has been destroyed.')
  }
}
