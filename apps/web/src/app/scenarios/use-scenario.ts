import { compareScenario, createScenarioView, type Api, type ScenarioComparison, type ScenarioView, type ValueAt } from '@samplan/domain'
import { createWorkbookMirror, type WorkbookMirror } from '@samplan/formulas'
import { useEffect, useRef, useState } from 'react'
import type { LiveWorkbook } from '../workbook/use-live-workbook'

export interface OpenScenario {
  view: ScenarioView
  mirror: WorkbookMirror
  comparison: ScenarioComparison
}

const valuesOf =
  (mirror: WorkbookMirror): ValueAt =>
  (sheetId, rowId, colId) =>
    mirror.getValue(sheetId, rowId, colId).value

/**
 * The open scenario laid on the live plan (domain SPEC SC1, SC2): a view that follows the plan, its
 * own formula mirror, and the comparison with the plan's mirror, recomputed at most once a frame
 * after either side recalculates.
 */
export function useScenario(live: LiveWorkbook | null, detail: Api.ScenarioDetail | null): OpenScenario | null {
  const [open, setOpen] = useState<OpenScenario | null>(null)
  const viewRef = useRef<ScenarioView | null>(null)
  const overrides = detail?.overrides
  const overridesRef = useRef(overrides)
  overridesRef.current = overrides
  const scenarioId = detail?.id

  useEffect(() => {
    if (!live || scenarioId === undefined) {
      setOpen(null)
      return
    }
    const view = createScenarioView(live.workbook, overridesRef.current ?? [])
    viewRef.current = view
    const mirror = createWorkbookMirror(view.workbook)
    let frame = 0
    const compare = () => {
      frame = 0
      const comparison = compareScenario(live.workbook, view.workbook, overridesRef.current ?? [], valuesOf(live.mirror), valuesOf(mirror))
      setOpen({ view, mirror, comparison })
    }
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(compare)
    }
    const offPlan = live.mirror.onRecalculated(schedule)
    const offView = mirror.onRecalculated(schedule)
    const offChange = view.onChange(schedule)
    compare()
    return () => {
      cancelAnimationFrame(frame)
      offPlan()
      offView()
      offChange()
      mirror.destroy()
      view.destroy()
      viewRef.current = null
    }
    // The view is built once per scenario; later overrides are handed to it below.
  }, [live, scenarioId])

  useEffect(() => {
    if (overrides) viewRef.current?.setOverrides(overrides)
  }, [overrides])

  return open
}
