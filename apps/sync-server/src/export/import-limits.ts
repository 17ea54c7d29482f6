import type { ZipLimits } from './zip-check'

/** What an uploaded xlsx may hold; apart from the parser, so the body limits can use it without loading exceljs. */
export interface ImportLimits extends ZipLimits {
  maxFileBytes: number
  maxSheets: number
  maxRows: number
  maxColumns: number
  maxCells: number
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  maxUncompressedBytes: 40 * 1024 * 1024,
  maxEntries: 2_000,
  maxRatio: 200,
  maxSheets: 50,
  maxRows: 10_000,
  maxColumns: 200,
  maxCells: 200_000,
}
