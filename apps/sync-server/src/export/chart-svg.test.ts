import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findSheetByName, getSheetGrid, listCharts, readChartData, setCells, type Workbook } from '@samplan/domain'
import { createWorkbookMirror, type WorkbookMirror } from '@samplan/formulas'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderSheetCharts } from './chart-svg'
import { renderBilagaPdf } from './pdf-bilaga'
import { buildSheetTable } from './sheet-table'
import { createVp2024Workbook } from './test-support'

/** Runs a poppler tool on the PDF. */
function poppler(pdf: Buffer, tool: 'pdftotext' | 'pdfimages', args: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'samplan-chart-pdf-'))
  try {
    const file = join(dir, 'bilaga.pdf')
    writeFileSync(file, pdf)
    return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])])
      .toString()
      .replace(/\u00a0/g, ' ')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('charts in the bilaga', () => {
  let workbook: Workbook
  let mirror: WorkbookMirror
  let volym: string

  beforeAll(() => {
    workbook = createVp2024Workbook()
    mirror = createWorkbookMirror(workbook)
    volym = findSheetByName(workbook, 'Volym')!.id
  })
  afterAll(() => mirror.destroy())

  it('[CH4] renders the sheet’s charts as SVG from the same computed values the grid reads, in Swedish format', () => {
    const [chart] = renderSheetCharts(workbook, mirror, volym)
    expect(chart?.title).toBe('Antal barn/elever per skolform')
    expect(chart?.svg).toMatch(/^<svg[^>]+width="640"/)
    for (const label of ['KF 2023 (härledd)', 'KF 2024', 'VP 2024', 'Grundskola åk F-9']) expect(chart?.svg).toContain(label)
    // A value-axis tick grouped the Swedish way (100 000 with a no-break space).
    expect(chart?.svg).toMatch(/>100\u00a0000</)
    expect(renderSheetCharts(workbook, mirror, findSheetByName(workbook, 'Budget')!.id)).toEqual([])
  })

  it('[CH4] follows an edit: the chart data the bilaga draws changes with the cell', () => {
    const grid = getSheetGrid(workbook, volym)
    const spec = listCharts(workbook, volym)[0]!
    const valueAt = (r: string, c: string) => mirror.getValue(volym, r, c).value
    const row = spec.range.firstRow
    const kf2024 = grid.colIds[2]!
    const before = readChartData(workbook, volym, spec, valueAt).series[0]!.values
    setCells(workbook, volym, [{ rowId: row, colId: kf2024, input: 55_555 }])
    const after = readChartData(workbook, volym, spec, valueAt).series[0]!.values
    expect(after).toEqual([before[0], 55_555, before[2]])
    expect(renderSheetCharts(workbook, mirror, volym)[0]?.svg).toMatch(/Fritidshem 6–12 år/)
  })

  it('prints the charts after the table as vector paths and text, with no image', async () => {
    const table = buildSheetTable(workbook, mirror, volym, 'sv-SE', { markUnplanned: true })
    const pdf = await renderBilagaPdf(table, {
      workbookTitle: 'Utbildningsnämndens verksamhetsplan 2024',
      date: '2023-12-14',
      versionLabel: 'Arbetsversion 2023-12-14',
      charts: renderSheetCharts(workbook, mirror, volym),
    })
    const text = poppler(pdf, 'pdftotext', ['-layout'])
    const tableAt = text.indexOf('Källa:')
    const chartAt = text.indexOf('Antal barn/elever per skolform')
    expect(tableAt).toBeGreaterThan(0)
    expect(chartAt).toBeGreaterThan(tableAt)
    expect(text.slice(chartAt)).toContain('Anpassad gymnasieskola')
    const images = poppler(pdf, 'pdfimages', ['-list']).trim().split('\n')
    expect(images.length).toBe(2) // the two header lines of the listing, no image row
    writeFileSync(join(tmpdir(), 'samplan-volym-chart.pdf'), pdf)
  })
})
