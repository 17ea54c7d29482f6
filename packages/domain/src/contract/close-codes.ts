/** Close codes the sync server sends and the web client acts on; 4xxx are application codes (RFC 6455 §7.4.2). */
export const CloseCode = {
  /** The frame could not be decoded. */
  Malformed: 4400,
  /** No valid token: sign in again. */
  Unauthorized: 4401,
  /** An update touched something the user may not change: drop it and resync. */
  Forbidden: 4403,
  /** The workbook does not exist (or is not the user's). */
  NotFound: 4404,
  /**
   * The database could not store the update: it was not saved; drop it and resync. In 4400-4499,
   * which y-websocket takes as final, so the change is not resent on its own.
   */
  StorageUnavailable: 4450,
  /** The frame exceeded the configured size cap. */
  TooLarge: 1009,
} as const
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]
