import type * as Y from 'yjs'
import { requireSheet } from '../model/read'
import { nextId, sheetRootNames, sheetRoots, type SheetId, type Workbook } from '../model/workbook'
import { positionsOf } from '../model/positions'
import { Origin } from '../origin'
import { ChartNotFoundError, InvalidChartError } from './chart-errors'
import { ChartSpec, DEFAULT_CHART_SIZE, type ChartInit, type ChartPatch } from './chart-schema'

function chartsMap(wb: Workbook, sheetId: SheetId): Y.Map<unknown> {
  return wb.doc.getMap(sheetRootNames(sheetId).charts)
}

/** The stored charts of a sheet without creating their root: a reader leaves the doc as it found it. */
function storedCharts(wb: Workbook, sheetId: SheetId): Array<[string, unknown]> {
  const name = sheetRootNames(sheetId).charts
  return wb.doc.share.has(name) ? [...wb.doc.getMap(name).entries()] : []
}

/** The sheet's valid charts in the order of their anchors (top to bottom, then left to right) ([CH1], [CH6]). */
export function listCharts(wb: Workbook, sheetId: SheetId): ChartSpec[] {
  const stored = storedCharts(wb, sheetId)
  // Most sheets have none: the grid asks on every change, and positions are only needed to order them.
  if (stored.length === 0) return []
  const roots = sheetRoots(wb, sheetId)
  const rows = positionsOf(wb, roots.rows).index
  const cols = positionsOf(wb, roots.cols).index
  const charts: ChartSpec[] = []
  for (const [, value] of stored) {
    const parsed = ChartSpec.safeParse(value)
    if (parsed.success) charts.push(parsed.data)
  }
  const at = (c: ChartSpec) => [rows.get(c.anchor.rowId) ?? Number.MAX_SAFE_INTEGER, cols.get(c.anchor.colId) ?? 0] as const
  return charts.sort((a, b) => {
    const [ra, ca] = at(a)
    const [rb, cb] = at(b)
    return ra - rb || ca - cb || a.id.localeCompare(b.id)
  })
}

/** One chart of a sheet, or undefined. */
export function getChart(wb: Workbook, sheetId: SheetId, chartId: string): ChartSpec | undefined {
  const entry = storedCharts(wb, sheetId).find(([key]) => key === chartId)
  const parsed = ChartSpec.safeParse(entry?.[1])
  return parsed.success ? parsed.data : undefined
}

/**
 * Adds a chart to a sheet in one transaction and returns its id ([CH1], [CH3]).
 * Throws SheetNotFoundError, InvalidChartError.
 */
export function addChart(wb: Workbook, sheetId: SheetId, init: ChartInit, origin: unknown = Origin.LocalEdit): string {
  requireSheet(wb, sheetId)
  const chart = validChart(wb, sheetId, { size: DEFAULT_CHART_SIZE, omit: [], ...init, id: nextId(wb) })
  wb.doc.transact(() => chartsMap(wb, sheetId).set(chart.id, chart), origin)
  return chart.id
}

/** Changes a chart's title, kind, range, labels or size ([CH3]). Throws ChartNotFoundError, InvalidChartError. */
export function updateChart(wb: Workbook, sheetId: SheetId, chartId: string, patch: ChartPatch, origin: unknown = Origin.LocalEdit): void {
  const existing = getChart(wb, sheetId, chartId)
  if (!existing) throw new ChartNotFoundError(sheetId, chartId)
  const chart = validChart(wb, sheetId, { ...existing, ...patch, id: chartId })
  wb.doc.transact(() => chartsMap(wb, sheetId).set(chartId, chart), origin)
}

/** Removes a chart. Throws ChartNotFoundError. */
export function removeChart(wb: Workbook, sheetId: SheetId, chartId: string, origin: unknown = Origin.LocalEdit): void {
  const map = chartsMap(wb, sheetId)
  if (!map.has(chartId)) throw new ChartNotFoundError(sheetId, chartId)
  wb.doc.transact(() => map.delete(chartId), origin)
}

/** Calls `listener` after every transaction that added, changed or removed a chart of the sheet; returns the unsubscribe. */
export function observeCharts(wb: Workbook, sheetId: SheetId, listener: () => void): () => void {
  const map = chartsMap(wb, sheetId)
  const onChange = () => listener()
  map.observe(onChange)
  return () => map.unobserve(onChange)
}

/** [CH3] A chart names only rows and columns the sheet has when it is written. */
function validChart(wb: Workbook, sheetId: SheetId, candidate: unknown): ChartSpec {
  const parsed = ChartSpec.safeParse(candidate)
  if (!parsed.success) throw new InvalidChartError(parsed.error.issues[0]?.message ?? parsed.error.message)
  const chart = parsed.data
  const roots = sheetRoots(wb, sheetId)
  const rows = positionsOf(wb, roots.rows).index
  const cols = positionsOf(wb, roots.cols).index
  const labelsAxis = (seriesSide: boolean) => ((chart.seriesIn === 'rows') === seriesSide ? cols : rows)
  const named: Array<[string | null, ReadonlyMap<string, number>]> = [
    [chart.range.firstRow, rows],
    [chart.range.lastRow, rows],
    [chart.range.firstCol, cols],
    [chart.range.lastCol, cols],
    [chart.anchor.rowId, rows],
    [chart.anchor.colId, cols],
    [chart.categoryLabels, labelsAxis(false)],
    [chart.seriesLabels, labelsAxis(true)],
  ]
  for (const [id, axis] of named)
    if (id !== null && !axis.has(id)) throw new InvalidChartError(`${id} is not a row or column of sheet ${sheetId}`)
  for (const id of chart.omit)
    if (!rows.has(id) && !cols.has(id)) throw new InvalidChartError(`${id} is not a row or column of sheet ${sheetId}`)
  return chart
}

/**
 * Copies a sheet's charts into the same sheet of another workbook with the same row and column ids
 * (next year's plan, [CH11]); joins the caller's transaction. Entries that fail the schema are left behind.
 */
export function copyCharts(source: Workbook, target: Workbook, sheetId: SheetId): void {
  for (const [key, value] of storedCharts(source, sheetId)) {
    const parsed = ChartSpec.safeParse(value)
    if (parsed.success && parsed.data.id === key) chartsMap(target, sheetId).set(key, parsed.data)
  }
}

/**
 * Copies a sheet's charts onto its duplicate in the same workbook ([S5]): new chart ids, and every
 * row and column id mapped the way the sheet's copy maps them. Joins the caller's transaction.
 */
export function copyChartsToDuplicate(wb: Workbook, from: SheetId, to: SheetId, mapId: (old: string) => string): void {
  for (const [key, value] of storedCharts(wb, from)) {
    const parsed = ChartSpec.safeParse(value)
    if (!parsed.success || parsed.data.id !== key) continue
    const c = parsed.data
    const mapOrNull = (id: string | null) => (id === null ? null : mapId(id))
    const copy: ChartSpec = {
      ...c,
      id: nextId(wb),
      range: {
        firstRow: mapId(c.range.firstRow),
        lastRow: mapId(c.range.lastRow),
        firstCol: mapId(c.range.firstCol),
        lastCol: mapId(c.range.lastCol),
      },
      categoryLabels: mapOrNull(c.categoryLabels),
      seriesLabels: mapOrNull(c.seriesLabels),
      omit: c.omit.map(mapId),
      anchor: { rowId: mapId(c.anchor.rowId), colId: mapId(c.anchor.colId) },
    }
    chartsMap(wb, to).set(copy.id, copy)
  }
}
