import ExcelJS from 'exceljs'
import { columnLetters, isFormula, listSheets, toEngineFormula, type ColumnSpec, type Workbook } from '@samplan/domain'
import type { WorkbookMirror } from '@samplan/formulas'
import { toExcelFormula } from './excel-formula'
import { unsafeFormulaNote } from './formula-safety'
import { buildSheetTable, type TableCell } from './sheet-table'

export interface XlsxExportOptions {
  /** The sheet Excel opens on; default the first. */
  activeSheetId?: string
  /** Document title (file properties). */
  title?: string
}

/** A formula cell written as its value because Excel has no equivalent. */
export interface XlsxFallback {
  sheet: string
  cell: string
  formula: string
  reason: string
}

export interface XlsxExport {
  buffer: Buffer
  fallbacks: XlsxFallback[]
}

type ExcelError = ExcelJS.CellErrorValue['error']

const EXCEL_ERRORS: Record<string, ExcelError> = {
  DIV_BY_ZERO: '#DIV/0!',
  NA: '#N/A',
  NAME: '#NAME?',
  NUM: '#NUM!',
  REF: '#REF!',
  VALUE: '#VALUE!',
}

/** Decimals shown for a column (the domain's rule: spec, then type, then unit). */
function decimalsOf(spec: ColumnSpec): number | undefined {
  if (spec.decimals !== undefined) return spec.decimals
  if (spec.type === 'integer' || spec.type === 'percent') return 0
  if (spec.unit === 'mnkr' || spec.unit === 'tkr') return 1
  if (spec.unit === 'kr' || spec.unit === 'st') return 0
  return undefined
}

/**
 * The number format code of a column. Codes are locale-neutral: `#,##0.0` shows as `20 684,1`
 * in Swedish Excel and LibreOffice and as `20,684.1` in English ones (never write `# ##0,0`).
 */
export function numberFormat(spec: ColumnSpec): string | undefined {
  const decimals = decimalsOf(spec)
  const fraction = decimals ? `.${'0'.repeat(decimals)}` : ''
  if (spec.type === 'percent' || spec.unit === '%') return `0${fraction}%`
  if (spec.type === 'text' || spec.type === 'date' || decimals === undefined) return undefined
  return `#,##0${fraction}`
}

/** Excel's sheet-name rules (1-31 characters, none of []:*?/\, unique ignoring case). */
function excelSheetNames(names: readonly string[]): Map<string, string> {
  const out = new Map<string, string>()
  const taken = new Set<string>()
  for (const name of names) {
    const base = name.replace(/[[\]:*?/\\]/g, '_').replace(/^'+|'+$/g, '').slice(0, 31) || 'Blad'
    let candidate = base
    for (let n = 2; taken.has(candidate.toLocaleLowerCase('sv-SE')); n++) {
      const suffix = ` (${n})`
      candidate = base.slice(0, 31 - suffix.length) + suffix
    }
    taken.add(candidate.toLocaleLowerCase('sv-SE'))
    out.set(name, candidate)
  }
  return out
}

function cachedResult(cell: TableCell): ExcelJS.CellFormulaValue['result'] {
  if (cell.errorType) return { error: EXCEL_ERRORS[cell.errorType] ?? '#VALUE!' }
  return cell.value ?? ''
}

/**
 * The whole workbook as xlsx, one worksheet per sheet: live formulas in English with the engine's
 * results cached, Samplan functions inlined as plain arithmetic, locale-neutral number formats,
 * column widths, frozen header rows, notes. Excel recalculates on open (fullCalcOnLoad).
 */
export async function exportWorkbookXlsx(
  workbook: Workbook,
  mirror: WorkbookMirror,
  options: XlsxExportOptions = {},
): Promise<XlsxExport> {
  const book = new ExcelJS.Workbook()
  book.creator = 'Samplan'
  book.title = options.title ?? ''
  book.calcProperties.fullCalcOnLoad = true
  const sheets = listSheets(workbook)
  const names = excelSheetNames(sheets.map((s) => s.name))
  // Only renamed sheets need rewriting inside formulas.
  const renamed = new Map([...names].filter(([from, to]) => from !== to))
  const fallbacks: XlsxFallback[] = []

  for (const info of sheets) {
    const table = buildSheetTable(workbook, mirror, info.id, 'en')
    const excelName = names.get(info.name) ?? info.name
    const ws = book.addWorksheet(excelName, {
      views: info.frozenRows > 0 ? [{ state: 'frozen', xSplit: 0, ySplit: info.frozenRows }] : [],
      pageSetup: {
        paperSize: 9,
        orientation: table.columns.length > 6 ? 'landscape' : 'portrait',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
      },
    })
    table.columns.forEach(({ spec }, c) => {
      const column = ws.getColumn(c + 1)
      column.width = Math.max(6, Math.round((spec.width ?? 100) / 7))
    })
    table.rows.forEach((row, r) => {
      const excelRow = ws.getRow(r + 1)
      row.cells.forEach((cell, c) => {
        const spec = table.columns[c]!.spec
        const target = excelRow.getCell(c + 1)
        const notes: string[] = cell.note ? [cell.note] : []
        if (isFormula(cell.input)) {
          const engine = toEngineFormula(workbook, info.id, cell.input)
          const excel = toExcelFormula(engine, renamed)
          if (excel.ok) {
            target.value = { formula: excel.formula, result: cachedResult(cell) }
          } else {
            target.value = cell.errorType ? { error: EXCEL_ERRORS[cell.errorType] ?? '#VALUE!' } : cell.value
            const address = `${columnLetters(c)}${r + 1}`
            fallbacks.push({ sheet: excelName, cell: address, formula: engine, reason: excel.reason })
            notes.push(
              excel.unsafe
                ? unsafeFormulaNote(engine, excel.unsafe, true, 'export')
                : `Beräknat av Samplan med ${engine}. Excel saknar motsvarighet till ${excel.reason}, så värdet är inskrivet.`,
            )
          }
        } else if (cell.input !== undefined && cell.input !== null) {
          target.value = cell.input
        }
        const format = numberFormat(spec)
        if (format && row.kind !== 'header' && row.kind !== 'section') target.numFmt = format
        if (notes.length > 0) target.note = notes.join('\n')
        if (c === 0 && row.kind === 'varav') target.alignment = { indent: 1 }
        if (row.kind === 'header' || row.kind === 'summa' || row.kind === 'section') {
          target.font = { bold: true, italic: row.kind === 'section' }
        }
        if (row.kind === 'header') {
          target.border = { bottom: { style: 'thin' } }
          target.alignment = { wrapText: true, vertical: 'bottom', horizontal: c === 0 ? 'left' : 'right' }
        }
        if (row.kind === 'summa') target.border = { top: { style: 'thin' } }
      })
    })
  }

  const active = Math.max(0, sheets.findIndex((s) => s.id === options.activeSheetId))
  book.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: active, visibility: 'visible' }]
  const data = await book.xlsx.writeBuffer()
  return { buffer: Buffer.from(data as ArrayBuffer), fallbacks }
}
