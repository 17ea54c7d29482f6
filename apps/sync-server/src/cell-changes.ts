import {
  describeCell,
  getCellInput,
  isFormula,
  toEngineFormula,
  type CellInput,
  type UpdateTarget,
  type Workbook,
} from '@samplan/domain'
import type { AuditRecord } from './audit'

interface CellRef {
  sheetId: string
  rowId: string
  colId: string
}

/** Cells an update touches, with their inputs and addresses before it is applied. */
export interface CellsBefore {
  cells: Array<CellRef & { old: unknown; address: string | null }>
}

/** Distinct cells named by an update's targets (`cells:<sheetId>` keys). */
export function touchedCells(targets: readonly UpdateTarget[]): CellRef[] {
  const seen = new Map<string, CellRef>()
  for (const t of targets) {
    if (!t.root.startsWith('cells:') || t.key === null) continue
    const sheetId = t.root.slice('cells:'.length)
    const sep = t.key.indexOf(':')
    seen.set(`${sheetId}|${t.key}`, { sheetId, rowId: t.key.slice(0, sep), colId: t.key.slice(sep + 1) })
  }
  return [...seen.values()]
}

/** Reads the old side of the audit entries; call before applying the update. */
export function captureBefore(wb: Workbook, cells: readonly CellRef[]): CellsBefore {
  return {
    cells: cells.map((c) => ({
      ...c,
      old: readable(wb, c.sheetId, getCellInput(wb, c.sheetId, c.rowId, c.colId)),
      address: addressOf(wb, c),
    })),
  }
}

/** Completes the audit entries with the new side; call after applying the update. */
export function auditRecords(wb: Workbook, before: CellsBefore, userId: string | null): AuditRecord[] {
  const out: AuditRecord[] = []
  for (const c of before.cells) {
    const next = readable(wb, c.sheetId, getCellInput(wb, c.sheetId, c.rowId, c.colId))
    if (JSON.stringify(next) === JSON.stringify(c.old)) continue
    out.push({ userId, sheetId: c.sheetId, rowId: c.rowId, colId: c.colId, address: addressOf(wb, c) ?? c.address, old: c.old, new: next })
  }
  return out
}

function addressOf(wb: Workbook, c: CellRef): string | null {
  const where = describeCell(wb, c.sheetId, c.rowId, c.colId)
  return where ? `${where.sheetName}!${where.a1}` : null
}

/** Formulas are kept as English A1 text of the moment, so history reads like a spreadsheet. */
function readable(wb: Workbook, sheetId: string, input: CellInput | undefined): unknown {
  if (input === undefined) return null
  return isFormula(input) ? toEngineFormula(wb, sheetId, input) : input
}
