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
