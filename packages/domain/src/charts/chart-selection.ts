import { positionsOf } from '../model/positions'
import { sheetRoots, type SheetId, type Workbook } from '../model/workbook'
import type { ChartValueAt } from './chart-data'
import type { ChartInit, ChartKind } from './chart-schema'

/** A selected rectangle of grid positions (0-based, inclusive). */
export interface GridRect {
  top: number
  left: number
  bottom: number
  right: number
}

export type ChartFromSelection = { ok: true; value: ChartInit } | { ok: false; code: 'no-numbers' | 'outside-sheet' }

/**
 * A chart over a selected range, read as a spreadsheet does ([CH8]): a first row without numbers
 * names the columns, a first column without numbers names the rows; the longer side of what
 * remains holds the categories (more rows than columns: one series per column). The title is the
 * top-left label when there is one, else `fallbackTitle`.
 */
export function chartFromSelection(
  wb: Workbook,
  sheetId: SheetId,
  rect: GridRect,
  valueAt: ChartValueAt,
  options: { kind?: ChartKind; fallbackTitle: string },
): ChartFromSelection {
  const roots = sheetRoots(wb, sheetId)
  const rowIds = positionsOf(wb, roots.rows).ids
  const colIds = positionsOf(wb, roots.cols).ids
  const top = Math.min(rect.top, rect.bottom)
  const bottom = Math.max(rect.top, rect.bottom)
  const left = Math.min(rect.left, rect.right)
  const right = Math.max(rect.left, rect.right)
  if (top < 0 || left < 0 || bottom >= rowIds.length || right >= colIds.length) return { ok: false, code: 'outside-sheet' }
  const rows = rowIds.slice(top, bottom + 1)
  const cols = colIds.slice(left, right + 1)
  const isNumber = (rowId: string, colId: string) => typeof valueAt(rowId, colId) === 'number'
  const headerRow = rows.length > 1 && cols.every((c) => !isNumber(rows[0]!, c)) ? rows[0]! : null
  const labelCol = cols.length > 1 && rows.every((r) => !isNumber(r, cols[0]!)) ? cols[0]! : null
  const dataRows = headerRow === null ? rows : rows.slice(1)
  const dataCols = labelCol === null ? cols : cols.slice(1)
  if (!dataRows.some((r) => dataCols.some((c) => isNumber(r, c)))) return { ok: false, code: 'no-numbers' }
  const seriesIn = dataRows.length > dataCols.length ? 'cols' : 'rows'
  const corner = headerRow !== null && labelCol !== null ? valueAt(headerRow, labelCol) : null
  const title = typeof corner === 'string' && corner.trim() !== '' ? corner.trim() : options.fallbackTitle
  return {
    ok: true,
    value: {
      kind: options.kind ?? (seriesIn === 'rows' ? 'line' : 'bar'),
      title,
      range: {
        firstRow: dataRows[0]!,
        lastRow: dataRows[dataRows.length - 1]!,
        firstCol: dataCols[0]!,
        lastCol: dataCols[dataCols.length - 1]!,
      },
      seriesIn,
      categoryLabels: seriesIn === 'rows' ? headerRow : labelCol,
      seriesLabels: seriesIn === 'rows' ? labelCol : headerRow,
      omit: [],
      anchor: { rowId: rows[0]!, colId: cols[0]! },
    },
  }
}
