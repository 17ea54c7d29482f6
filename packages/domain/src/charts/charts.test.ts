import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { getCellInput, getSheetGrid, findSheetByName } from '../model/read'
import { undoScope } from '../model/undo-scope'
import { openWorkbook, type Workbook } from '../model/workbook'
import { Origin } from '../origin'
import type { ColumnSpec } from '../schema/sheet'
import { setCells } from '../operations/cells'
import { addSheet } from '../operations/sheets'
import { deleteRows, insertColumns, insertRows } from '../operations/structure'
import { rollOver } from '../operations/rollover'
import { applyTemplate } from '../operations/template'
import { vp2024Template } from '../templates/vp2024'
import { ChartNotFoundError, InvalidChartError } from './chart-errors'
import { formatChartAxis, formatChartValue, readChartData, type ChartValueAt } from './chart-data'
import { chartFromSelection } from './chart-selection'
import type { ChartInit } from './chart-schema'
import { addChart, getChart, listCharts, observeCharts, removeChart, updateChart } from './charts'

const LABEL: ColumnSpec = { label: 'Skolform', type: 'text', editable: 'locked' }
const COUNT = (label: string): ColumnSpec => ({ label, type: 'integer', unit: 'st', decimals: 0, editable: 'ekonom' })

/** A sheet: header row, then Grundskola and Gymnasium with 2023 and 2024. Inputs stand in for computed values. */
function sheet() {
  const wb = openWorkbook(new Y.Doc())
  const sheetId = addSheet(wb, { name: 'Volym', kind: 'volym', columns: [LABEL, COUNT('2023'), COUNT('2024')] })
  const rows = insertRows(wb, sheetId, 0, 3)
  const cols = getSheetGrid(wb, sheetId).colIds
  const put = (r: number, values: Array<string | number | null>) =>
    setCells(
      wb,
      sheetId,
      values.map((value, c) => ({ rowId: rows[r]!, colId: cols[c]!, input: value })),
    )
  put(0, ['Elever', '2023', '2024'])
  put(1, ['Grundskola', 100_000, 101_500])
  put(2, ['Gymnasium', 30_000, 31_250.5])
  const valueAt: ChartValueAt = (rowId, colId) => getCellInput(wb, sheetId, rowId, colId) ?? null
  const init: ChartInit = {
    kind: 'line',
    title: 'Elever',
    range: { firstRow: rows[1]!, lastRow: rows[2]!, firstCol: cols[1]!, lastCol: cols[2]! },
    seriesIn: 'rows',
    categoryLabels: rows[0]!,
    seriesLabels: cols[0]!,
    anchor: { rowId: rows[0]!, colId: cols[0]! },
  }
  return { wb, sheetId, rows, cols, valueAt, init }
}

function inputsOf(wb: Workbook, sheetId: string): ChartValueAt {
  return (rowId, colId) => getCellInput(wb, sheetId, rowId, colId) ?? null
}

describe('charts in the workbook', () => {
  it('[CH1] a chart is one plain-JSON entry of charts:<sheetId>, written in one transaction', () => {
    const { wb, sheetId, init } = sheet()
    let transactions = 0
    wb.doc.on('afterTransaction', () => transactions++)
    const id = addChart(wb, sheetId, init)
    expect(transactions).toBe(1)
    const stored = wb.doc.getMap(`charts:${sheetId}`).get(id)
    expect(stored).toEqual({ ...init, id, omit: [], size: { width: 640, height: 320 } })
    expect(listCharts(wb, sheetId).map((c) => c.id)).toEqual([id])
    updateChart(wb, sheetId, id, { title: 'Barn och elever', kind: 'bar' })
    expect(getChart(wb, sheetId, id)).toMatchObject({ title: 'Barn och elever', kind: 'bar' })
    removeChart(wb, sheetId, id)
    expect(listCharts(wb, sheetId)).toEqual([])
    expect(() => removeChart(wb, sheetId, id)).toThrow(ChartNotFoundError)
    expect(() => updateChart(wb, sheetId, id, { title: 'x' })).toThrow(ChartNotFoundError)
  })

  it('[CH1] charts sync between replicas and are listed in the order of their anchors', () => {
    const { wb, sheetId, init, rows, cols } = sheet()
    const other = openWorkbook(new Y.Doc())
    wb.doc.on('update', (u: Uint8Array) => Y.applyUpdate(other.doc, u))
    Y.applyUpdate(other.doc, Y.encodeStateAsUpdate(wb.doc))
    let seen = 0
    const stop = observeCharts(other, sheetId, () => seen++)
    const lower = addChart(wb, sheetId, { ...init, title: 'Nedre', anchor: { rowId: rows[2]!, colId: cols[0]! } })
    const upper = addChart(wb, sheetId, { ...init, title: 'Övre' })
    expect(seen).toBe(2)
    expect(listCharts(other, sheetId).map((c) => c.id)).toEqual([upper, lower])
    stop()
    removeChart(wb, sheetId, upper)
    expect(seen).toBe(2)
    expect(listCharts(other, sheetId).map((c) => c.title)).toEqual(['Nedre'])
  })

  it('[CH3] a chart names only rows and columns of its sheet, and passes its schema', () => {
    const { wb, sheetId, init, rows } = sheet()
    expect(() => addChart(wb, sheetId, { ...init, range: { ...init.range, lastCol: 'nope' } })).toThrow(InvalidChartError)
    // Series in rows: the category labels are a row, so a column id there is refused.
    expect(() => addChart(wb, sheetId, { ...init, categoryLabels: init.seriesLabels })).toThrow(InvalidChartError)
    expect(() => addChart(wb, sheetId, { ...init, seriesLabels: rows[0]! })).toThrow(InvalidChartError)
    expect(() => addChart(wb, sheetId, { ...init, title: '  ' })).toThrow(InvalidChartError)
    expect(() => addChart(wb, sheetId, { ...init, kind: 'pie' as never })).toThrow(InvalidChartError)
    expect(listCharts(wb, sheetId)).toEqual([])
  })

  it('[CH4] reads categories, series and the number format from computed values', () => {
    const { wb, sheetId, init, valueAt } = sheet()
    const id = addChart(wb, sheetId, init)
    const data = readChartData(wb, sheetId, getChart(wb, sheetId, id)!, valueAt)
    expect(data).toMatchObject({
      chartId: id,
      kind: 'line',
      title: 'Elever',
      categories: ['2023', '2024'],
      series: [
        { name: 'Grundskola', values: [100_000, 101_500] },
        { name: 'Gymnasium', values: [30_000, 31_250.5] },
      ],
    })
    expect(formatChartValue(101_500, data)).toBe('101\u00a0500')
    expect(formatChartValue(31_250.5, data, 'en')).toBe('31,251')
    expect(formatChartAxis(20_000, data)).toBe('20\u00a0000')
    expect(formatChartAxis(0.745, { format: { label: 'Andel', type: 'percent', editable: 'ekonom' } })).toBe('74,5\u00a0%')
    const byColumn = readChartData(
      wb,
      sheetId,
      { ...getChart(wb, sheetId, id)!, seriesIn: 'cols', categoryLabels: init.seriesLabels, seriesLabels: init.categoryLabels },
      valueAt,
    )
    expect(byColumn.categories).toEqual(['Grundskola', 'Gymnasium'])
    expect(byColumn.series).toEqual([
      { name: '2023', values: [100_000, 30_000] },
      { name: '2024', values: [101_500, 31_250.5] },
    ])
    // Without label cells: the column labels name the categories, numbers the series.
    const bare = readChartData(wb, sheetId, { ...getChart(wb, sheetId, id)!, categoryLabels: null, seriesLabels: null }, valueAt)
    expect(bare.categories).toEqual(['2023', '2024'])
    expect(bare.series.map((s) => s.name)).toEqual(['Serie 1', 'Serie 2'])
  })

  it('[CH5] a cell without a number is a gap, never a zero', () => {
    const { wb, sheetId, init, rows, cols } = sheet()
    const id = addChart(wb, sheetId, init)
    setCells(wb, sheetId, [
      { rowId: rows[1]!, colId: cols[1]!, input: 'saknas' },
      { rowId: rows[2]!, colId: cols[2]!, input: null },
    ])
    const data = readChartData(wb, sheetId, getChart(wb, sheetId, id)!, inputsOf(wb, sheetId))
    expect(data.series.map((s) => s.values)).toEqual([
      [null, 101_500],
      [30_000, null],
    ])
  })

  it('[CH2] the range follows inserted rows and columns and shrinks when a corner is deleted', () => {
    const { wb, sheetId, init, valueAt } = sheet()
    const id = addChart(wb, sheetId, init)
    const [newRow] = insertRows(wb, sheetId, 2, 1)
    const [newCol] = insertColumns(wb, sheetId, 2, [COUNT('2023 b')])
    setCells(wb, sheetId, [
      { rowId: newRow!, colId: init.seriesLabels!, input: 'Anpassad' },
      { rowId: newRow!, colId: init.range.firstCol, input: 500 },
    ])
    const grown = readChartData(wb, sheetId, getChart(wb, sheetId, id)!, valueAt)
    expect(grown.series.map((s) => s.name)).toEqual(['Grundskola', 'Anpassad', 'Gymnasium'])
    expect(grown.categories).toEqual(['2023', '2023 b', '2024'])
    expect(grown.series[1]!.values).toEqual([500, null, null])
    expect(newCol).toBeDefined()
    deleteRows(wb, sheetId, 1, 1) // the first corner, Grundskola
    const shrunk = readChartData(wb, sheetId, getChart(wb, sheetId, id)!, valueAt)
    expect(shrunk.series.map((s) => s.name)).toEqual(['Anpassad', 'Gymnasium'])
    deleteRows(wb, sheetId, 1, 2)
    const empty = readChartData(wb, sheetId, getChart(wb, sheetId, id)!, valueAt)
    expect(empty).toMatchObject({ categories: [], series: [] })
  })

  it('[CH6] omitted rows and columns are left out', () => {
    const { wb, sheetId, init, cols, valueAt } = sheet()
    const id = addChart(wb, sheetId, { ...init, omit: [cols[1]!] })
    const data = readChartData(wb, sheetId, getChart(wb, sheetId, id)!, valueAt)
    expect(data.categories).toEqual(['2024'])
    expect(data.series.map((s) => s.values)).toEqual([[101_500], [31_250.5]])
  })

  it('[CH8] a selection reads as a spreadsheet reads it: labels from the first row and column', () => {
    const { wb, sheetId, rows, cols, valueAt } = sheet()
    const made = chartFromSelection(wb, sheetId, { top: 0, left: 0, bottom: 2, right: 2 }, valueAt, { fallbackTitle: 'Diagram' })
    expect(made).toEqual({
      ok: true,
      value: {
        kind: 'line',
        title: 'Elever',
        range: { firstRow: rows[1], lastRow: rows[2], firstCol: cols[1], lastCol: cols[2] },
        seriesIn: 'rows',
        categoryLabels: rows[0],
        seriesLabels: cols[0],
        omit: [],
        anchor: { rowId: rows[0], colId: cols[0] },
      },
    })
    // Numbers only, more rows than columns: one series per column, a bar chart.
    insertRows(wb, sheetId, 3, 2)
    const grid = getSheetGrid(wb, sheetId)
    setCells(
      wb,
      sheetId,
      grid.rowIds.slice(3).map((rowId, i) => ({ rowId, colId: cols[1]!, input: i })),
    )
    const tall = chartFromSelection(wb, sheetId, { top: 4, left: 2, bottom: 1, right: 1 }, valueAt, { fallbackTitle: 'Diagram' })
    expect(tall).toMatchObject({
      ok: true,
      value: { kind: 'bar', seriesIn: 'cols', title: 'Diagram', categoryLabels: null, seriesLabels: null },
    })
    expect(chartFromSelection(wb, sheetId, { top: 0, left: 0, bottom: 2, right: 0 }, valueAt, { fallbackTitle: 'D' })).toEqual({
      ok: false,
      code: 'no-numbers',
    })
    expect(chartFromSelection(wb, sheetId, { top: 0, left: 0, bottom: 99, right: 1 }, valueAt, { fallbackTitle: 'D' })).toEqual({
      ok: false,
      code: 'outside-sheet',
    })
    if (made.ok) expect(addChart(wb, sheetId, made.value)).toEqual(expect.any(String))
  })

  it('[CH7] VP 2024 has elever per skolform on Volym and netto per verksamhetsområde on Verksamhetsområden', () => {
    const wb = openWorkbook(new Y.Doc())
    applyTemplate(wb, vp2024Template)
    const volym = findSheetByName(wb, 'Volym')!
    const [elever] = listCharts(wb, volym.id)
    expect(elever).toMatchObject({ kind: 'line', seriesIn: 'rows' })
    const data = readChartData(wb, volym.id, elever!, inputsOf(wb, volym.id))
    expect(data.categories).toEqual(['KF 2023 (härledd)', 'KF 2024', 'VP 2024'])
    expect(data.series.map((s) => s.name)).toContain('Grundskola åk F-9')
    expect(data.series.every((s) => s.values.every((v) => typeof v === 'number'))).toBe(true)

    const verksamhet = findSheetByName(wb, 'Verksamhetsområden')!
    const [netto] = listCharts(wb, verksamhet.id)
    const nettoData = readChartData(wb, verksamhet.id, netto!, inputsOf(wb, verksamhet.id))
    expect(nettoData).toMatchObject({ kind: 'bar', format: { unit: 'mnkr' } })
    expect(nettoData.series.map((s) => s.name)).toEqual(['Utfall 2022', 'Budget 2023 (VP)', 'Prognos oktober 2023', 'Budget 2024 (VP)'])
    expect(nettoData.categories).toContain('Grundskola inklusive fritidshem och anpassad grundskola')
    expect(nettoData.categories).not.toContain('Summa drift netto')
    expect(wb.doc.getMap(`charts:${volym.id}`).size).toBe(1)
    expect(Origin.Seed).toBe('seed')
  })
})

describe('charts in next year’s plan', () => {
  it('[CH11] rollOver keeps the charts, now labelled with the new years', () => {
    const source = openWorkbook(new Y.Doc())
    applyTemplate(source, vp2024Template)
    const target = openWorkbook(new Y.Doc())
    rollOver(source, target, { newBudget: 'copy' })
    const volym = findSheetByName(target, 'Volym')!
    const [elever] = listCharts(target, volym.id)
    expect(elever).toEqual(listCharts(source, volym.id)[0])
    const data = readChartData(target, volym.id, elever!, inputsOf(target, volym.id))
    expect(data.categories).toEqual(['KF 2024', 'KF 2025', 'VP 2025'])
    expect(listCharts(target, findSheetByName(target, 'Verksamhetsområden')!.id)).toHaveLength(1)
  })
})

describe('undoing a chart', () => {
  it('[CH1] Ctrl+Z takes back my added chart: the undo scope holds the charts root', () => {
    const { wb, sheetId, init } = sheet()
    const undo = new Y.UndoManager(undoScope(wb), { trackedOrigins: new Set([Origin.LocalEdit]) })
    const id = addChart(wb, sheetId, init)
    expect(listCharts(wb, sheetId).map((c) => c.id)).toEqual([id])
    undo.undo()
    expect(listCharts(wb, sheetId)).toEqual([])
    undo.redo()
    expect(listCharts(wb, sheetId).map((c) => c.id)).toEqual([id])
  })
})
