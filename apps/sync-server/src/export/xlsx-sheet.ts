import ExcelJS from 'exceljs'
import { functionNameToCanonical, type CellInput, type ColumnSpec, type RowKind } from '@samplan/domain'
import { findUnsafeFormula, unsafeFormulaNote } from './formula-safety'
import type { ImportLimits } from './import-limits'
import type { ImportedCell, ImportedSheet, NeutralisedFormula } from './xlsx-import'

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
export function canonicalFormulaText(formula: string): string {
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
 * Reads one worksheet: its cells (formulas set aside when unsafe), row kinds and column specs.
 * `budget.cells` is what the whole file may still hold; a sheet past it or past the row and
 * column limits answers `tooBig` with the Swedish reason.
 */
export function readWorksheet(ws: ExcelJS.Worksheet, limits: ImportLimits, budget: { cells: number }): ImportedSheet | { tooBig: string } {
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
      if (--budget.cells < 0) {
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
  if (tooBig) return { tooBig }

  const { grid, hasHeader, columns } = inferColumns(ws, cells, numFmts, maxRow, maxCol)
  const rows = grid.map((row, r): RowKind => (hasHeader && r === 0 ? 'header' : rowKindOf(row[0] ?? null, bold.has(r))))
  return { name: ws.name, columns, rows, frozenRows: hasHeader ? 1 : 0, cells, neutralised }
}

/** Column specs from the cells: a first row of text is the header; a column of numbers is numeric, formatted as its first number. */
function inferColumns(
  ws: ExcelJS.Worksheet,
  cells: ImportedSheet['cells'],
  numFmts: ReadonlyMap<number, string>,
  maxRow: number,
  maxCol: number,
) {
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
  return { grid, hasHeader, columns }
}
