import { formatScenarioValue, overrideKey, type ScenarioComparison, type ScenarioDifference } from '@samplan/domain'
import type { ScenarioMark } from '../../grid/cell-view'
import type { UiLocale } from '../i18n'
import type { ScenarioTexts } from './scenario-texts'

/**
 * The grid's marks of an open scenario (domain SPEC SC11): every changed cell and every cell whose
 * computed value it moves, each with its plan and scenario values as the cell shows them.
 */
export function scenarioMarks(
  comparison: Pick<ScenarioComparison, 'changed' | 'moved'>,
  t: Pick<ScenarioTexts, 'markChanged' | 'markMoved' | 'emptyValue'>,
  locale: UiLocale,
): Map<string, ScenarioMark> {
  const shown = (value: ScenarioDifference['plan'], d: ScenarioDifference) => formatScenarioValue(value, d, locale) || t.emptyValue
  const marks = new Map<string, ScenarioMark>()
  for (const d of comparison.moved) marks.set(overrideKey(d), { kind: 'moved', title: t.markMoved(shown(d.plan, d), shown(d.scenario, d)) })
  for (const d of comparison.changed)
    marks.set(overrideKey(d), { kind: 'changed', title: t.markChanged(shown(d.plan, d), shown(d.scenario, d)) })
  return marks
}

/** Whether two sets of marks draw the same grid (a recomputed comparison often changes nothing). */
export function sameMarks(a: ReadonlyMap<string, ScenarioMark> | null, b: ReadonlyMap<string, ScenarioMark> | null): boolean {
  if (a === b) return true
  if (!a || !b || a.size !== b.size) return false
  for (const [key, mark] of a) {
    const other = b.get(key)
    if (!other || other.kind !== mark.kind || other.title !== mark.title) return false
  }
  return true
}
