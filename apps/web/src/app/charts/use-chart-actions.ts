import { addChart, chartFromSelection, getChart, removeChart, type Actor, type ChartValueAt, type WorkbookStatus } from '@samplan/domain'
import { useCallback, type RefObject } from 'react'
import type { WorkbookGrid } from '../../grid/workbook-grid'
import type { Messages } from '../i18n'
import type { LiveWorkbook } from '../workbook/use-live-workbook'
import { mayEditCharts } from './chart-permissions'

/** What adding a chart came to: the new chart's id, or why nothing was added (a sentence for the user). */
export type ChartAddOutcome = { ok: true; chartId: string; message: string } | { ok: false; reason: string }

export interface ChartActions {
  /** Whether the signed-in user is offered adding and removing charts (CH9). */
  mayEdit: boolean
  /** Adds a chart over the grid's selected range ([CH8]): for the chart panel's button and the Infoga > Diagram entry. */
  addChartFromSelection: () => ChartAddOutcome
  removeChart: (chartId: string) => void
}

interface Options {
  live: LiveWorkbook | null
  sheetId: string | null
  grid: RefObject<WorkbookGrid | null>
  actor: Actor
  status: WorkbookStatus
  t: Messages
}

/** Adding a chart from the selection and removing one, for those who may change the sheet's structure. */
export function useChartActions({ live, sheetId, grid, actor, status, t }: Options): ChartActions {
  const mayEdit = mayEditCharts(actor, status)
  const labels = t.charts
  const add = useCallback((): ChartAddOutcome => {
    if (!mayEdit) return { ok: false, reason: labels.refused.rights }
    const rect = grid.current?.selectedRect()
    if (!live || !sheetId || !rect) return { ok: false, reason: labels.refused['no-selection'] }
    const valueAt: ChartValueAt = (rowId, colId) => {
      const computed = live.mirror.getValue(sheetId, rowId, colId)
      return computed.error ? null : computed.value
    }
    const made = chartFromSelection(live.workbook, sheetId, rect, valueAt, { fallbackTitle: labels.fallbackTitle })
    if (!made.ok) return { ok: false, reason: labels.refused[made.code] }
    const chartId = addChart(live.workbook, sheetId, made.value)
    return { ok: true, chartId, message: labels.added(made.value.title) }
  }, [mayEdit, labels, grid, live, sheetId])
  const remove = useCallback(
    (chartId: string) => {
      // A colleague may have removed it a moment ago; then there is nothing left to do.
      if (mayEdit && live && sheetId && getChart(live.workbook, sheetId, chartId)) removeChart(live.workbook, sheetId, chartId)
    },
    [mayEdit, live, sheetId],
  )
  return { mayEdit, addChartFromSelection: add, removeChart: remove }
}
