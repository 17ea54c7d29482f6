import {
  listCharts,
  observeCharts,
  observeWorkbook,
  readChartData,
  type ChartData,
  type ChartSpec,
  type ChartValueAt,
  type FormulaLocale,
} from '@samplan/domain'
import { useEffect, useState } from 'react'
import type { LiveWorkbook } from '../workbook/use-live-workbook'

/** A chart of the shown sheet with what it shows now. */
export interface SheetChart {
  spec: ChartSpec
  data: ChartData
}

/**
 * The charts of `sheetId`, read from the mirror's computed values ([CH4]) and kept live: a chart
 * added or removed by anyone, a recalculated value, a row moved. Reads at most once per frame, as
 * the grid does, so a paste of a thousand cells redraws each chart once.
 */
export function useSheetCharts(live: LiveWorkbook | null, sheetId: string | null, locale: FormulaLocale): SheetChart[] {
  const [charts, setCharts] = useState<SheetChart[]>([])
  useEffect(() => {
    if (!live || !sheetId) {
      setCharts([])
      return
    }
    const { workbook, mirror } = live
    const valueAt: ChartValueAt = (rowId, colId) => {
      const computed = mirror.getValue(sheetId, rowId, colId)
      return computed.error ? null : computed.value
    }
    // The same charts keep the same array, so an edit that moves no chart re-renders nothing.
    let shown = ''
    const read = () => {
      frame = 0
      const next = listCharts(workbook, sheetId).map((spec) => ({ spec, data: readChartData(workbook, sheetId, spec, valueAt, locale) }))
      const key = JSON.stringify(next)
      if (key === shown) return
      shown = key
      setCharts(next)
    }
    let frame = 0
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(read)
    }
    read()
    const stops = [
      observeCharts(workbook, sheetId, schedule),
      observeWorkbook(workbook, schedule),
      mirror.onRecalculated((changed) => {
        if (changed.some((cell) => cell.sheetId === sheetId)) schedule()
      }),
    ]
    return () => {
      cancelAnimationFrame(frame)
      for (const stop of stops) stop()
    }
  }, [live, sheetId, locale])
  return charts
}
