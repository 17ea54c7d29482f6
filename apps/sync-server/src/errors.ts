/** Thrown when a workbook id names no stored workbook. */
export class WorkbookNotFoundError extends Error {
  override name = 'WorkbookNotFoundError'
  constructor(readonly workbookId: string) {
    super(`Arbetsboken ${workbookId} finns inte.`)
  }
}

/** Thrown when a websocket message cannot be decoded as a y-websocket frame. */
export class MalformedMessageError extends Error {
  override name = 'MalformedMessageError'
  constructor(readonly detail: string) {
    super(`Felaktigt meddelande: ${detail}`)
  }
}
