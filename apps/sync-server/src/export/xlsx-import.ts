import ExcelJS from 'exceljs'
import {
  addSheet,
  findSheetByName,
  formulaFromA1,
  functionNameToCanonical,
  getSheetGrid,
  insertRows,
  setCellNote,
  setCells,
  type CellEdit,
  type CellInput,
  type ColumnSpec,
  type RowKind,
  type Workbook,
} from '@samplan/domain'
import { findUnsafeFormula, unsafeFormulaNote } from './formula-safety'
import { checkZip, type ZipLimits } from './zip-check'

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

function cellInput(value: ExcelJS.CellValue): CellInput {
  if (value === null || value === undefined) return null
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('')
    if ('text' in value && typeof value.text === 'string') return value.text
    if ('error' in value) return value.error
  }
  return String(value)
}

/**
 * A formula that reaches outside the workbook becomes inert: the value Excel cached for it, or
 * else its text without the '=' (plain text), with a Swedish note saying what was removed and why.
 */
function neutralise(formula: string, cached: ExcelJS.CellValue | undefined, note: (kept: boolean) => string): ImportedCell {
  const value = cached === undefined ? null : cellInput(cached)
  const kept = value !== null && value !== ''
  return { value: kept ? value : formula.replace(/^=+/, ''), note: note(kept) }
}

/** Stored formula text of a cell: English names, `_xlfn.` stripped, Swedish names (if any) translated. */
function canonicalFormulaText(formula: string): string {
  let out = ''
  for (let i = 0; i < formula.length; ) {
    const ch = formula[i]!
    if (ch === '"' || ch === "'") {
      let j = i + 1
      while (j < formula.length && !(formula[j] === ch && formula[j + 1] !== ch)) j += formula[j] === ch ? 2 : 1
      out += formula.slice(i, j + 1)
      i = j + 1
      continue
    }
    const ident = /^(_xlfn\.|_xlws\.)?([A-Za-zÅÄÖåäö_][A-Za-z0-9ÅÄÖåäö_.]*)(?=\()/.exec(formula.slice(i))
    if (ident) {
      const name = ident[2]!
      out += functionNameToCanonical(name, 'en') ?? functionNameToCanonical(name, 'sv-SE') ?? name
      i += ident[0].length
      continue
    }
    const word = /^[A-Za-z0-9_.$]+/.exec(formula.slice(i))
    if (word) {
      const upper = word[0].toUpperCase()
      const next = formula[i + word[0].length]
      // Excel's bare TRUE/FALSE literals are functions in HyperFormula (TRUE()).
      out += (upper === 'TRUE' || upper === 'FALSE') && next !== '!' ? `${upper}()` : word[0]
      i += word[0].length
      continue
    }
    out += ch
    i++
  }
  return out
}

function decimalsOf(numFmt: string | undefined): number | undefined {
  if (!numFmt || numFmt === 'General') return undefined
  const m = /\.(0+)/.exec(numFmt)
  return m ? m[1]!.length : 0
}

function rowKindOf(first: CellInput, bold: boolean): RowKind {
  const label = typeof first === 'string' ? first.trim().toLocaleLowerCase('sv-SE') : ''
  if (label.startsWith('varav')) return 'varav'
  if (bold && /^(summa|totalt|netto)/.test(label)) return 'summa'
  return 'data'
}

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
  let totalCells = 0
  for (const ws of book.worksheets) {
    const cells: ImportedSheet['cells'] = []
    const neutralised: NeutralisedFormula[] = []
    const bold = new Set<number>()
    const numFmts = new Map<number, string>()
    let maxRow = 0
    let maxCol = 0
    let tooBig: string | undefined
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      if (tooBig) return
      row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
        if (tooBig) return
        if (rowNumber > limits.maxRows || colNumber > limits.maxColumns) {
          tooBig = `bladet ${ws.name} går till rad ${rowNumber}, kolumn ${colNumber}; högst ${limits.maxRows} rader och ${limits.maxColumns} kolumner`
          return
        }
        if (++totalCells > limits.maxCells) {
          tooBig = `mer än ${limits.maxCells} celler`
          return
        }
        maxRow = Math.max(maxRow, rowNumber)
        maxCol = Math.max(maxCol, colNumber)
        const formula = cell.type === ExcelJS.ValueType.Formula ? cell.formula : undefined
        let imported: ImportedCell
        if (formula) {
          const canonical = canonicalFormulaText(formula)
          // Both forms: the raw one has the file's names (_xlfn., Swedish), the canonical one English.
          const unsafe = findUnsafeFormula(formula) ?? findUnsafeFormula(canonical)
          if (unsafe) {
            imported = neutralise(formula, cell.result, (kept) => unsafeFormulaNote(formula, unsafe, kept, 'import'))
            neutralised.push({ cell: cell.address, formula: `=${formula}`, reason: unsafe.reason })
          } else imported = { formula: canonical }
        } else imported = { value: cellInput(cell.value) }
        if ('value' in imported && imported.value === null) return
        cells.push([rowNumber - 1, colNumber - 1, imported])
        if (colNumber === 1 && cell.font?.bold) bold.add(rowNumber - 1)
        if (rowNumber > 1 && cell.numFmt && !numFmts.has(colNumber - 1)) numFmts.set(colNumber - 1, cell.numFmt)
      })
    })
    if (tooBig) return fail('too-many-cells', `Filen är för stor för att importeras (${tooBig}).`)

    const grid: CellInput[][] = Array.from({ length: maxRow }, () => Array<CellInput>(maxCol).fill(null))
    for (const [r, c, cell] of cells) grid[r]![c] = 'value' in cell ? cell.value : '='
    const first = grid[0] ?? []
    const hasHeader = maxRow > 1 && first.some((v) => v !== null) && first.every((v) => v === null || typeof v === 'string')
    const columns: ColumnSpec[] = Array.from({ length: maxCol }, (_v, c) => {
      const body = grid.slice(hasHeader ? 1 : 0).map((row) => row[c] ?? null)
      const numeric = c > 0 && body.some((v) => v !== null) && body.every((v) => v === null || typeof v === 'number' || v === '=')
      const numFmt = numFmts.get(c)
      const width = ws.getColumn(c + 1).width
      const spec: ColumnSpec = {
        label: hasHeader && typeof first[c] === 'string' ? (first[c] as string) : '',
        type: numeric ? (numFmt?.includes('%') ? 'percent' : 'number') : 'text',
        editable: 'ekonom',
      }
      const decimals = numeric ? decimalsOf(numFmt) : undefined
      if (decimals !== undefined) spec.decimals = Math.min(decimals, 6)
      if (width) spec.width = Math.max(40, Math.round(width * 7))
      return spec
    })
    const rows = grid.map((row, r): RowKind => (hasHeader && r === 0 ? 'header' : rowKindOf(row[0] ?? null, bold.has(r))))
    sheets.push({ name: ws.name, columns, rows, frozenRows: hasHeader ? 1 : 0, cells, neutralised })
  }
  return { ok: true, sheets }
}

/** A free sheet name based on `name` (Excel's 31-character limit kept). */
function freeName(workbook: Workbook, name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, '_').replace(/^'+|'+$/g, '').slice(0, 31) || 'Import'
  let candidate = base
  for (let n = 2; findSheetByName(workbook, candidate) || taken.has(candidate.toLocaleLowerCase('sv-SE')); n++) {
    const suffix = ` (${n})`
    candidate = base.slice(0, 31 - suffix.length) + suffix
  }
  taken.add(candidate.toLocaleLowerCase('sv-SE'))
  return candidate
}

/** Renames sheet references inside formula text (`'Old'!A1`, `Old!A1`) for sheets that got a new name. */
function renameReferences(formula: string, renamed: ReadonlyMap<string, string>): string {
  if (renamed.size === 0) return formula
  const quote = (name: string) => `'${name.replace(/'/g, "''")}'`
  return formula
    .replace(/'((?:[^']|'')+)'!/g, (whole, name: string) => {
      const to = renamed.get(name.replace(/''/g, "'"))
      return to === undefined ? whole : `${quote(to)}!`
    })
    .replace(/(^|[^A-Za-z0-9_.'])([A-Za-z_][A-Za-z0-9_.]*)!/g, (whole, lead: string, name: string) => {
      const to = renamed.get(name)
      return to === undefined ? whole : `${lead}${quote(to)}!`
    })
}

/**
 * Adds the imported sheets to the workbook as new sheets (names kept, or made free with " (2)").
 * Call it inside one transaction (Room.changeAsServer) so the import lands whole or not at all.
 * Returns the new sheets and the cells written (for the audit trail).
 */
export function applyXlsxImport(
  workbook: Workbook,
  sheets: readonly ImportedSheet[],
  origin?: unknown,
): { sheets: Array<{ id: string; name: string; rows: number; columns: number }>; cells: Array<{ sheetId: string; rowId: string; colId: string }> } {
  const taken = new Set<string>()
  const renamed = new Map<string, string>()
  const created = sheets.map((sheet) => {
    const name = freeName(workbook, sheet.name, taken)
    if (name !== sheet.name) renamed.set(sheet.name, name)
    const columns = sheet.columns.length > 0 ? sheet.columns : [{ label: '', type: 'text', editable: 'ekonom' } satisfies ColumnSpec]
    const id = addSheet(workbook, { name, kind: 'generic', columns, frozenRows: sheet.frozenRows }, origin)
    if (sheet.rows.length > 0) insertRows(workbook, id, 0, sheet.rows.length, sheet.rows.map((kind) => ({ kind })), origin)
    return { id, name, rows: sheet.rows.length, columns: columns.length }
  })
  const written: Array<{ sheetId: string; rowId: string; colId: string }> = []
  // Values first, then formulas: every sheet a formula may name exists by then.
  for (const pass of ['value', 'formula'] as const) {
    sheets.forEach((sheet, s) => {
      const target = created[s]!
      const grid = getSheetGrid(workbook, target.id)
      const edits: CellEdit[] = []
      const notes: Array<{ rowId: string; colId: string; note: string }> = []
      for (const [r, c, cell] of sheet.cells) {
        const rowId = grid.rowIds[r]
        const colId = grid.colIds[c]
        if (!rowId || !colId) continue
        if (pass === 'value' && 'value' in cell) {
          // Text starting with '=' would read back as a formula; keep it text as Excel shows it.
          const input = typeof cell.value === 'string' && cell.value.startsWith('=') ? `'${cell.value}` : cell.value
          edits.push({ rowId, colId, input })
          if (cell.note) notes.push({ rowId, colId, note: cell.note })
        } else if (pass === 'formula' && 'formula' in cell) {
          edits.push({ rowId, colId, input: formulaFromA1(workbook, target.id, renameReferences(cell.formula, renamed)) })
        } else continue
        written.push({ sheetId: target.id, rowId, colId })
      }
      if (edits.length > 0) setCells(workbook, target.id, edits, origin)
      for (const { rowId, colId, note } of notes) setCellNote(workbook, target.id, rowId, colId, note, origin)
    })
  }
  return { sheets: created, cells: written }
}
