import { z } from 'zod'
import { ChartSpec } from '../charts/chart-schema'
import { CellComment } from '../comments/comments'
import { isTombKey } from '../model/tombs'
import { ColumnSpec, RowSpec, SheetKind } from '../schema/sheet'
import type { UpdateTarget } from './update-target'

/** Row, column and sheet ids: base62 from `newId`, with room for imported ids. */
const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)
/**
 * A cell holds a finite number, a string of at most 100 000 characters, a boolean or null. Checked
 * with typeof rather than a schema: every cell of every update passes here, and a zod union's
 * parse costs more than the rest of the judgement of a one-cell edit.
 */
function isStoredCell(value: unknown): boolean {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value)
    case 'string':
      return value.length <= 100_000
    case 'boolean':
      return true
    default:
      return value === null
  }
}
const Tomb = z.object({ before: Id.nullable(), after: Id.nullable() }).strict()
const SheetMetaEntries: Record<string, z.ZodType> = {
  name: z.string().min(1).max(200),
  kind: SheetKind,
  frozenRows: z.number().int().min(0).max(1000),
  source: z.string().max(2000),
}

/**
 * [G1] What a client may store under each root, so an update that is allowed
 * by rights still cannot leave a value every other client then fails to read
 * (a spec of the wrong shape, an object in a cell, a row id that is not an id).
 * Returns why the first offending target is refused, or null.
 */
export function invalidStoredValue(targets: readonly UpdateTarget[]): string | null {
  for (const t of targets) {
    if (t.change !== 'insert') continue
    const problem = problemOf(t)
    if (problem) return `uppdateringen lagrar ${problem}`
  }
  return null
}

function problemOf(t: UpdateTarget): string | null {
  switch (t.kind) {
    case 'axis':
    case 'sheets':
      return t.ids.every((v) => Id.safeParse(v).success) ? null : 'ett ogiltigt id'
    case 'cell':
      return isStoredCell(t.value) ? null : 'ett cellvärde av fel typ'
    case 'spec': {
      const schema = isTombKey(t.key) ? Tomb : t.axis === 'cols' ? ColumnSpec : RowSpec
      return schema.safeParse(t.value).success ? null : 'en ogiltig rad- eller kolumnbeskrivning'
    }
    case 'sheet':
      return SheetMetaEntries[t.key]?.safeParse(t.value).success ? null : 'en ogiltig bladegenskap'
    case 'note':
      return typeof t.value === 'string' && t.value.length <= 5000 ? null : 'en ogiltig anteckning'
    case 'comment':
      return CellComment.safeParse(t.value).success ? null : 'en ogiltig kommentar'
    case 'chart': {
      // [CH10] keyed by its own id, so a chart cannot be stored twice under two keys
      const chart = ChartSpec.safeParse(t.value)
      return chart.success && chart.data.id === t.chartId ? null : 'ett ogiltigt diagram'
    }
    case 'workbook':
    case 'unknown':
      return null // the rights rules refuse these whatever they hold (R7, R8)
  }
}
