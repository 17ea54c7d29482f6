/** Thrown when a WorkbookMirror is used after destroy(). */
export class MirrorDestroyedError extends Error {
  override name = 'MirrorDestroyedError'
  constructor() {
    super('The workbook mirror has been destroyed.')
  }
}

/** Thrown (a rejection of `whenCurrent()`) when a remote mirror's engine could not build or apply an update. */
export class RemoteEngineError extends Error {
  override name = 'RemoteEngineError'
  constructor(readonly detail: string) {
    super(`The formula engine stopped: ${detail}`)
  }
}
