import {
  addSheet,
  freeSheetName,
  formulaFromA1,
  getSheetGrid,
  insertRows,
  setCellNote,
  setCells,
  type CellEdit,
  type ColumnSpec,
  type Workbook,
} from '@samplan/domain'
import type { ImportedSheet } from './xlsx-import'

/** Renames sheet references inside formula text (`'Old'!A1`, `Old!A1`) for sheets that got a new name. */
function renameReferences(formula: string, renamed: ReadonlyMap<string, string>): string {
  if (renamed.size === 0) return formula
  const quote = (name: string) => `'${name.replace(/'/g, "''")}'`
  return formula
    .replace(/'((?:[^']|'')+)'!/g, (whole, name: string) => {
      const to = renamed.get(name.replace(/''/g, "'"))
      return to === undefined ? whole : `${quote(to)}!`
    })
    .replace(/(^|[^A-Za-z0-9_.'])([A-Za-z_][A-Za-z0-9_.]*)!/g, (whole, lead: string, name: string) => {
      const to = renamed.get(name)
      return to === undefined ? whole : `${lead}${quote(to)}!`
    })
}

/**
 * Adds the imported sheets to the workbook as new sheets (names kept, or made free with " (2)").
 * Call it inside one transaction (Room.changeAsServer) so the import lands whole or not at all.
 * Returns the new sheets and the cells written (for the audit trail).
 */
export function applyXlsxImport(
  workbook: Workbook,
  sheets: readonly ImportedSheet[],
  origin?: unknown,
): {
  sheets: Array<{ id: string; name: string; rows: number; columns: number }>
  cells: Array<{ sheetId: string; rowId: string; colId: string }>
} {
  const taken = new Set<string>()
  const renamed = new Map<string, string>()
  const created = sheets.map((sheet) => {
    const name = freeSheetName(workbook, sheet.name, taken)
    if (name !== sheet.name) renamed.set(sheet.name, name)
    const columns = sheet.columns.length > 0 ? sheet.columns : [{ label: '', type: 'text', editable: 'ekonom' } satisfies ColumnSpec]
    const id = addSheet(workbook, { name, kind: 'generic', columns, frozenRows: sheet.frozenRows }, origin)
    if (sheet.rows.length > 0)
      insertRows(
        workbook,
        id,
        0,
        sheet.rows.length,
        sheet.rows.map((kind) => ({ kind })),
        origin,
      )
    return { id, name, rows: sheet.rows.length, columns: columns.length }
  })
  const written: Array<{ sheetId: string; rowId: string; colId: string }> = []
  // Values first, then formulas: every sheet a formula may name exists by then.
  for (const pass of ['value', 'formula'] as const) {
    sheets.forEach((sheet, s) => {
      const target = created[s]!
      const grid = getSheetGrid(workbook, target.id)
      const edits: CellEdit[] = []
      const notes: Array<{ rowId: string; colId: string; note: string }> = []
      for (const [r, c, cell] of sheet.cells) {
        const rowId = grid.rowIds[r]
        const colId = grid.colIds[c]
        if (!rowId || !colId) continue
        if (pass === 'value' && 'value' in cell) {
          // Text starting with '=' would read back as a formula; keep it text as Excel shows it.
          const input = typeof cell.value === 'string' && cell.value.startsWith('=') ? `'${cell.value}` : cell.value
          edits.push({ rowId, colId, input })
          if (cell.note) notes.push({ rowId, colId, note: cell.note })
        } else if (pass === 'formula' && 'formula' in cell) {
          edits.push({ rowId, colId, input: formulaFromA1(workbook, target.id, renameReferences(cell.formula, renamed)) })
        } else continue
        written.push({ sheetId: target.id, rowId, colId })
      }
      if (edits.length > 0) setCells(workbook, target.id, edits, origin)
      for (const { rowId, colId, note } of notes) setCellNote(workbook, target.id, rowId, colId, note, origin)
    })
  }
  return { sheets: created, cells: written }
}
