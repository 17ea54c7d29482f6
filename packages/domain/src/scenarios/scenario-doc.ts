import type * as Y from 'yjs'
import { z } from 'zod'
import type { CellInput, CellRef } from '../model/workbook'

/** Who sees a scenario ([SC8]): its owner alone, or every member of the workbook. */
export const ScenarioVisibility = z.enum(['private', 'shared'])
export type ScenarioVisibility = z.infer<typeof ScenarioVisibility>

/** What a scenario is, besides its overrides: kept in its own doc's `scenario` root ([SC1]). */
export const ScenarioMeta = z.object({
  id: z.string().min(1).max(64),
  /** The plan (workbook) the scenario lays its overrides on. */
  workbookId: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(100),
  ownerId: z.string().min(1),
  visibility: ScenarioVisibility,
  createdAt: z.string(),
  /** Deleted scenarios keep their stored doc (the log is the audit) but are listed nowhere. */
  deleted: z.boolean().optional(),
})
export type ScenarioMeta = z.infer<typeof ScenarioMeta>

/** One changed cell of a scenario: the plan's cell by stable ids and the scenario's input (null: emptied). */
export interface Override extends CellRef {
  input: CellInput
}

const ROOT_META = 'scenario'
const ROOT_OVERRIDES = 'overrides'

/** The key of an override: the plan cell's stable ids (base62, so `:` cannot occur in them). */
export function overrideKey(cell: CellRef): string {
  return `${cell.sheetId}:${cell.rowId}:${cell.colId}`
}

function splitOverrideKey(key: string): CellRef | null {
  const [sheetId, rowId, colId, extra] = key.split(':')
  return sheetId && rowId && colId && extra === undefined ? { sheetId, rowId, colId } : null
}

/** Writes a new scenario's metadata into an empty doc, in one transaction. */
export function initScenario(doc: Y.Doc, meta: ScenarioMeta): void {
  const root = doc.getMap<unknown>(ROOT_META)
  doc.transact(() => {
    for (const [key, value] of Object.entries(ScenarioMeta.parse(meta))) root.set(key, value)
  })
}

/** The scenario's metadata, or null when the doc holds none that parses. */
export function readScenarioMeta(doc: Y.Doc): ScenarioMeta | null {
  const parsed = ScenarioMeta.safeParse(doc.getMap<unknown>(ROOT_META).toJSON())
  return parsed.success ? parsed.data : null
}

/** Changes name, visibility or the deleted mark, in one transaction. */
export function updateScenarioMeta(doc: Y.Doc, change: Partial<Pick<ScenarioMeta, 'name' | 'visibility' | 'deleted'>>): void {
  const root = doc.getMap<unknown>(ROOT_META)
  doc.transact(() => {
    for (const [key, value] of Object.entries(change)) if (value !== undefined) root.set(key, value)
  })
}

/** Every override of the scenario, in key order (stable for tests and exports). */
export function listOverrides(doc: Y.Doc): Override[] {
  const out: Override[] = []
  const map = doc.getMap<CellInput>(ROOT_OVERRIDES)
  for (const key of [...map.keys()].sort()) {
    const cell = splitOverrideKey(key)
    const input = map.get(key)
    if (cell && input !== undefined) out.push({ ...cell, input })
  }
  return out
}

/** Sets overrides (one key per cell, the newest input wins) and removes others, in one transaction. */
export function writeOverrides(doc: Y.Doc, set: readonly Override[], remove: readonly CellRef[] = [], origin: unknown = null): void {
  const map = doc.getMap<CellInput>(ROOT_OVERRIDES)
  doc.transact(() => {
    for (const cell of remove) map.delete(overrideKey(cell))
    for (const o of set) map.set(overrideKey(o), o.input)
  }, origin)
}
