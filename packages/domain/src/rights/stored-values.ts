import { z } from 'zod'
import { CellComment } from '../comments/comments'
import { isTombKey } from '../model/tombs'
import { ColumnSpec, RowSpec, SheetKind } from '../schema/sheet'
import type { UpdateTarget } from './update-effects'

/** Row, column and sheet ids: base62 from `newId`, with room for imported ids. */
const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)
const StoredCell = z.union([z.number().finite(), z.string().max(100_000), z.boolean(), z.null()])
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
    const sep = t.root.indexOf(':')
    const problem = problemOf(sep < 0 ? t.root : t.root.slice(0, sep), t)
    if (problem) return `uppdateringen lagrar ${problem}`
  }
  return null
}

function problemOf(kind: string, t: UpdateTarget): string | null {
  const isArrayRoot = kind === 'rows' || kind === 'cols' || kind === 'sheets'
  if (isArrayRoot !== (t.key === null)) return 'innehåll på fel sorts plats'
  switch (kind) {
    case 'rows':
    case 'cols':
    case 'sheets':
      return (t.values ?? []).every((v) => Id.safeParse(v).success) ? null : 'ett ogiltigt id'
    case 'cells':
      return StoredCell.safeParse(t.value).success ? null : 'ett cellvärde av fel typ'
    case 'colspec':
    case 'rowspec': {
      const schema = isTombKey(t.key as string) ? Tomb : kind === 'colspec' ? ColumnSpec : RowSpec
      return schema.safeParse(t.value).success ? null : 'en ogiltig rad- eller kolumnbeskrivning'
    }
    case 'sheet': {
      const schema = SheetMetaEntries[t.key as string]
      return schema?.safeParse(t.value).success ? null : 'en ogiltig bladegenskap'
    }
    case 'notes':
      return typeof t.value === 'string' && t.value.length <= 5000 ? null : 'en ogiltig anteckning'
    case 'comments':
      return CellComment.safeParse(t.value).success ? null : 'en ogiltig kommentar'
    default:
      return null // unknown roots are the rights rules' to refuse (R8)
  }
}
