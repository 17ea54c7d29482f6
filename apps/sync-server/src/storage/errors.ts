import type { ApiErrorCode } from '@samplan/domain'

/**
 * Thrown when a workbook id names no stored workbook. It carries the contract code the API
 * answers with: a workbook the user may not open is reported the same way (SPEC A2).
 */
export class WorkbookNotFoundError extends Error {
  override name = 'WorkbookNotFoundError'
  readonly code: ApiErrorCode = 'not-found'
  constructor(readonly workbookId: string) {
    super(`Arbetsboken ${workbookId} finns inte.`)
  }
}

/** The Swedish message of a refused write while the database is down. */
export const STORAGE_UNAVAILABLE_MESSAGE = 'Databasen går inte att nå – din ändring sparades inte'

/**
 * Thrown when the database cannot be reached or fails a write: nothing of the operation was
 * stored. The API answers 503 'unavailable'; the sync socket is closed with CloseCode.StorageUnavailable (4450).
 */
export class StorageUnavailableError extends Error {
  override name = 'StorageUnavailableError'
  readonly code: ApiErrorCode = 'unavailable'
  constructor(readonly detail: string) {
    super('Databasen går inte att nå just nu, så inget sparades. Försök igen om en stund.')
  }
}
