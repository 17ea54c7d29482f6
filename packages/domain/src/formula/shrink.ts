import { storedRefText } from './convert'
import { tokenize, type Address } from './tokens'

/**
 * Rewrites a stored formula body so that ranges whose corner row (or column)
 * is being deleted shrink to the surviving rows between their corners, as
 * Excel does (SPEC F6). Returns the new body, or undefined when nothing changed.
 *
 * `order` is the axis' id list before the deletion, `deleted` the ids going away.
 * Single-cell references are left alone: their id simply stops resolving and
 * renders #REF! (SPEC F5).
 */
export function shrinkRanges(
  body: string,
  formulaSheetId: string,
  targetSheetId: string,
  axis: 'rows' | 'cols',
  order: readonly string[],
  index: ReadonlyMap<string, number>,
  deleted: ReadonlySet<string>,
): string | undefined {
  if (!body.includes('{@')) return undefined
  let changed = false
  let out = ''
  for (const tok of tokenize(body, 'stored')) {
    if (tok.t !== 'ref' || tok.b === null || tok.a.kind !== 'id' || tok.b.kind !== 'id') {
      out += tok.text
      continue
    }
    const sheetId = tok.sheet?.by === 'id' ? tok.sheet.id : formulaSheetId
    const idOf = (x: Extract<Address, { kind: 'id' }>) => (axis === 'rows' ? x.rowId : x.colId)
    const a = tok.a
    const b = tok.b
    const ia = index.get(idOf(a))
    const ib = index.get(idOf(b))
    if (sheetId !== targetSheetId || ia === undefined || ib === undefined || (!deleted.has(idOf(a)) && !deleted.has(idOf(b)))) {
      out += tok.text
      continue
    }
    const lo = Math.min(ia, ib)
    const hi = Math.max(ia, ib)
    let first: number | undefined
    let last: number | undefined
    for (let i = lo; i <= hi; i++) {
      if (!deleted.has(order[i]!)) {
        first ??= i
        last = i
      }
    }
    if (first === undefined || last === undefined) {
      // Every row of the range goes: leave the ids dangling, the range renders #REF!.
      out += tok.text
      continue
    }
    // A deleted corner moves inward to the nearest surviving row of the range.
    const move = (x: Extract<Address, { kind: 'id' }>, at: number): Address => {
      if (!deleted.has(idOf(x))) return x
      const id = order[at === lo ? first : last]!
      return axis === 'rows' ? { ...x, rowId: id } : { ...x, colId: id }
    }
    out += storedRefText(tok.sheet, move(a, ia), move(b, ib))
    changed = true
  }
  return changed ? out : undefined
}
