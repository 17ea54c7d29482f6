import * as Y from 'yjs'
import { storedRefText } from '../formula/convert'
import { tokenize, type Address } from '../formula/tokens'
import { invalidatePositions } from '../model/positions'
import { findSheetByName, listSheets } from '../model/read'
import { isTombKey, tombKey, type Tomb } from '../model/tombs'
import { cellKey, isFormula, openWorkbook, sheetOrder, sheetRoots, splitCellKey, type CellInput, type Workbook } from '../model/workbook'
import { Origin } from '../origin'
import { newId } from '../ids'

/** Longest sheet name Excel takes (S1). */
const MAX_SHEET_NAME = 31
const SUFFIX = ' (scenario)'

/** The name of a scenario's copy of a sheet: `Budget (scenario)`, shortened to fit Excel's 31 characters. */
export function scenarioSheetName(name: string): string {
  return `${name.slice(0, MAX_SHEET_NAME - SUFFIX.length).trimEnd()}${SUFFIX}`
}

/**
 * One workbook with both sets of live formulas, for the xlsx of a comparison ([SC9]): the plan's
 * sheets as they are, followed by the scenario view's sheets as `<name> (scenario)`, under fresh
 * ids, whose formulas point at the scenario's own copies (references to other sheets too), so
 * changing a figure in a scenario sheet of the file recalculates only the scenario's totals. Pure:
 * a new doc, neither input changes.
 */
export function scenarioExportWorkbook(plan: Workbook, view: Workbook): Workbook {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(plan.doc))
  const out = openWorkbook(doc)
  const ids = new Map<string, string>()
  const mapId = (old: string) => {
    let fresh = ids.get(old)
    if (fresh === undefined) {
      fresh = newId()
      ids.set(old, fresh)
    }
    return fresh
  }
  const sheets = listSheets(view)
  doc.transact(() => {
    invalidatePositions(out)
    for (const sheet of sheets) {
      const src = sheetRoots(view, sheet.id)
      const copy = sheetRoots(out, mapId(sheet.id))
      for (const [key, value] of src.meta.entries()) copy.meta.set(key, value)
      let name = scenarioSheetName(sheet.name)
      for (let n = 2; findSheetByName(out, name); n++) name = scenarioSheetName(`${sheet.name} ${n}`)
      copy.meta.set('name', name)
      copy.cols.insert(0, src.cols.toArray().map(mapId))
      copy.rows.insert(0, src.rows.toArray().map(mapId))
      copySpecs(src.colSpecs as Y.Map<unknown>, copy.colSpecs as Y.Map<unknown>, mapId)
      copySpecs(src.rowSpecs as Y.Map<unknown>, copy.rowSpecs as Y.Map<unknown>, mapId)
      for (const [key, input] of src.cells.entries()) {
        const at = splitCellKey(key)
        copy.cells.set(cellKey(mapId(at.rowId), mapId(at.colId)), isFormula(input) ? remapFormula(input, mapId) : (input as CellInput))
      }
      sheetOrder(out).push([mapId(sheet.id)])
      invalidatePositions(out)
    }
  }, Origin.Seed)
  return out
}

/** Specs and tombs (F6) under the new ids, so the copy's ranges shrink over deleted rows as the plan's do. */
function copySpecs(from: Y.Map<unknown>, to: Y.Map<unknown>, mapId: (old: string) => string): void {
  const moved = (id: string | null) => (id === null ? null : mapId(id))
  for (const [key, value] of from.entries()) {
    if (isTombKey(key)) {
      const tomb = value as Tomb
      to.set(tombKey(mapId(key.slice(1))), { before: moved(tomb.before), after: moved(tomb.after) })
    } else to.set(mapId(key), value)
  }
}

/** A stored formula with every sheet, row and column id of its references moved through `mapId`. */
function remapFormula(input: string, mapId: (old: string) => string): string {
  const move = (a: Address): Address => (a.kind === 'id' ? { ...a, colId: mapId(a.colId), rowId: mapId(a.rowId) } : a)
  let out = '='
  for (const tok of tokenize(input.slice(1), 'stored')) {
    if (tok.t !== 'ref' || tok.a.kind !== 'id' || (tok.sheet !== null && tok.sheet.by !== 'id')) {
      out += tok.text
      continue
    }
    const sheet = tok.sheet === null ? null : { ...tok.sheet, id: mapId(tok.sheet.id) }
    out += storedRefText(sheet, move(tok.a), tok.b ? move(tok.b) : null)
  }
  return out
}
