import { rootRole, splitCellKey, type CellRef, type SheetId } from '../model/workbook'

/** Whether an update puts something in (sets a key, inserts items) or takes it out. */
export type Change = 'insert' | 'delete'

/**
 * One thing an update changes, as a typed fact (never a root name or key to
 * re-parse): what the rights rules, the stored-value check and the audit read.
 */
export type UpdateTarget =
  | { kind: 'cell'; cell: CellRef; change: Change; value?: unknown }
  | { kind: 'note'; cell: CellRef; change: Change; value?: unknown }
  | { kind: 'axis'; sheetId: SheetId; axis: 'rows' | 'cols'; change: Change; ids: unknown[] }
  /** A row or column spec, or a tomb (`~id`) in the same map. */
  | { kind: 'spec'; sheetId: SheetId; axis: 'rows' | 'cols'; key: string; change: Change; value?: unknown }
  | { kind: 'sheet'; sheetId: SheetId; key: string; change: Change; value?: unknown }
  | { kind: 'comment'; sheetId: SheetId; commentId: string; change: Change; value?: unknown }
  | { kind: 'chart'; sheetId: SheetId; chartId: string; change: Change; value?: unknown }
  | { kind: 'sheets'; change: Change; ids: unknown[] }
  | { kind: 'workbook'; key: string; change: Change; value?: unknown }
  /** A root the workbook does not have, or content of the wrong shape for its root (a key in a list). */
  | { kind: 'unknown'; root: string; key: string | null; change: Change }

/**
 * The target of a change Yjs made: at `key` of a map root, or to the content
 * of a list root (key null). `content` is what was inserted or deleted.
 */
export function targetOf(root: string, key: string | null, change: Change, content: unknown[]): UpdateTarget {
  const where = rootRole(root)
  const value = change === 'insert' ? content[content.length - 1] : undefined
  const unknown: UpdateTarget = { kind: 'unknown', root, key, change }
  switch (where.role) {
    case 'rows':
    case 'cols':
      return key === null ? { kind: 'axis', sheetId: where.sheetId, axis: where.role, change, ids: content } : unknown
    case 'sheets':
      return key === null ? { kind: 'sheets', change, ids: content } : unknown
    case 'unknown':
      return unknown
  }
  if (key === null) return unknown
  switch (where.role) {
    case 'cells':
    case 'notes': {
      if (!key.includes(':')) return unknown
      return withValue(
        { kind: where.role === 'cells' ? 'cell' : 'note', cell: { sheetId: where.sheetId, ...splitCellKey(key) }, change },
        value,
      )
    }
    case 'colSpecs':
    case 'rowSpecs':
      return withValue({ kind: 'spec', sheetId: where.sheetId, axis: where.role === 'rowSpecs' ? 'rows' : 'cols', key, change }, value)
    case 'meta':
      return withValue({ kind: 'sheet', sheetId: where.sheetId, key, change }, value)
    case 'comments':
      return withValue({ kind: 'comment', sheetId: where.sheetId, commentId: key, change }, value)
    case 'charts':
      return withValue({ kind: 'chart', sheetId: where.sheetId, chartId: key, change }, value)
    case 'workbook':
      return withValue({ kind: 'workbook', key, change }, value)
  }
}

/** Adds the inserted value to a target just made (set on it, not spread into a copy: every judged update makes these). */
function withValue<T extends UpdateTarget>(target: T, value: unknown): T {
  if (target.change === 'insert') (target as T & { value?: unknown }).value = value
  return target
}

/** Distinct cells an update's targets name. */
export function targetCells(targets: readonly UpdateTarget[]): CellRef[] {
  const seen = new Map<string, CellRef>()
  for (const t of targets) if (t.kind === 'cell') seen.set(`${t.cell.sheetId}|${t.cell.rowId}|${t.cell.colId}`, t.cell)
  return [...seen.values()]
}
