import ExcelJS from 'exceljs'
import type { CellInput, ColumnSpec, RowKind } from '@samplan/domain'
import { readWorksheet } from './xlsx-sheet'
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './import-limits'
import { checkZip } from './zip-check'

export type ImportErrorCode = 'too-large' | 'not-xlsx' | 'zip-bomb' | 'broken' | 'too-many-cells' | 'empty'

export interface ImportError {
  code: ImportErrorCode
  /** Swedish, shown to the user as is. */
  message: string
}

/**
 * One imported cell: a value, or formula text in canonical English A1 (sheet names as in the file).
 * A value may carry a note (why a formula was set aside).
 */
export type ImportedCell = { value: CellInput; note?: string } | { formula: string }

/** A formula that was not imported as a formula (formula-safety.ts). */
export interface NeutralisedFormula {
  /** A1 address in the imported sheet. */
  cell: string
  formula: string
  /** Swedish. */
  reason: string
}

export interface ImportedSheet {
  name: string
  columns: ColumnSpec[]
  rows: RowKind[]
  frozenRows: number
  /** Sparse: [row, col, cell]. */
  cells: Array<[number, number, ImportedCell]>
  neutralised: NeutralisedFormula[]
}

export type ReadResult = { ok: true; sheets: ImportedSheet[] } | { ok: false; error: ImportError }

const fail = (code: ImportErrorCode, message: string): ReadResult => ({ ok: false, error: { code, message } })

/**
 * Reads an uploaded xlsx without touching any workbook: checks size, zip structure and inflated
 * sizes first (zip bombs), then the sheets' real extent. Expected failures are returned with a
 * Swedish message; nothing is thrown for a bad file.
 */
export async function readXlsx(file: Uint8Array, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): Promise<ReadResult> {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength)
  if (buf.length > limits.maxFileBytes) {
    return fail('too-large', `Filen är för stor (${Math.ceil(buf.length / 1_048_576)} MB; högst ${limits.maxFileBytes / 1_048_576} MB).`)
  }
  const zip = checkZip(buf, limits)
  if (!zip.ok) {
    if (zip.problem === 'not-zip') return fail('not-xlsx', 'Filen är inte en xlsx-fil (Excel-arbetsbok).')
    if (zip.problem === 'zip-bomb') return fail('zip-bomb', `Filen packas upp till orimligt mycket data och har avvisats (${zip.detail}).`)
    return fail('broken', `Filen är skadad och kan inte läsas (${zip.detail}).`)
  }
  if (!zip.entries.includes('xl/workbook.xml')) return fail('not-xlsx', 'Filen är inte en xlsx-fil (arbetsboken saknas i arkivet).')

  const book = new ExcelJS.Workbook()
  try {
    await book.xlsx.load(buf as unknown as ArrayBuffer)
  } catch (err) {
    return fail('broken', `Filen är skadad och kan inte läsas (${(err as Error).message.slice(0, 200)}).`)
  }
  if (book.worksheets.length === 0) return fail('empty', 'Filen innehåller inga blad.')
  if (book.worksheets.length > limits.maxSheets) return fail('too-many-cells', `Filen har ${book.worksheets.length} blad; högst ${limits.maxSheets} kan importeras.`)

  const sheets: ImportedSheet[] = []
  const budget = { cells: limits.maxCells }
  for (const ws of book.worksheets) {
    const sheet = readWorksheet(ws, limits, budget)
    if ('tooBig' in sheet) return fail('too-many-cells', `Filen är för stor för att importeras (${sheet.tooBig}).`)
    sheets.push(sheet)
  }
  return { ok: true, sheets }
}
