import {
  addSheet,
  deleteSheet,
  duplicateSheet,
  InvalidSheetNameError,
  insertRows,
  listSheets,
  moveSheet,
  nextSheetName,
  Origin,
  renameSheet,
  checkSheetName,
  type ColumnSpec,
  type SheetId,
  type SheetInfo,
  type Workbook,
} from '@samplan/domain'
import { useMemo } from 'react'
import type { Undo } from '../../sync/undo'
import type { Messages } from '../i18n'

/** What a sheet action did: the sheet to show, or why it was refused (a sentence for the user). */
export type SheetActionResult = { ok: true; sheetId: SheetId | null } | { ok: false; message: string }

/**
 * The sheet actions of the tab bar and the menus. Each is one domain operation (one undo step),
 * refused with a reason where the user may not change sheets (domain R6) or the name is invalid
 * (S1). `remove` deletes at once: callers ask for confirmation first.
 */
export interface SheetActions {
  /** Whether the user may add, rename, copy, move and delete sheets (R1, R6). */
  readonly mayChange: boolean
  add(): SheetActionResult
  rename(sheetId: SheetId, name: string): SheetActionResult
  duplicate(sheetId: SheetId): SheetActionResult
  remove(sheetId: SheetId): SheetActionResult
  move(sheetId: SheetId, toIndex: number): SheetActionResult
  undo(): void
  redo(): void
}

/** A new sheet as Excel and Sheets open one: a label column and numbers beside it, rows to type into. */
const NEW_SHEET_COLUMNS: readonly ColumnSpec[] = [
  { label: '', type: 'text', editable: 'ekonom' },
  ...Array.from({ length: 9 }, (): ColumnSpec => ({ label: '', type: 'number', editable: 'ekonom' })),
]
const NEW_SHEET_ROWS = 30

/** The user's sentence for a refused sheet name (domain S1). */
export function sheetNameMessage(error: InvalidSheetNameError, t: Messages): string {
  switch (error.reason) {
    case 'empty':
      return t.sheets.nameError.empty
    case 'too-long':
      return t.sheets.nameError.tooLong(error.sheetName.length)
    case 'forbidden-character':
      return t.sheets.nameError.forbiddenCharacter
    case 'taken':
      return t.sheets.nameError.taken(error.sheetName)
  }
}

/** Why a name cannot be given to the sheet (`self`, when renaming), or null when it can. */
export function sheetNameProblem(workbook: Workbook, name: string, t: Messages, self?: SheetId): string | null {
  try {
    checkSheetName(workbook, name.trim(), self)
    return null
  } catch (error) {
    if (error instanceof InvalidSheetNameError) return sheetNameMessage(error, t)
    throw error
  }
}

/** The sheet to show once `sheetId` is deleted: the next tab, else the one before (as Excel does). */
export function neighbourOf(sheets: readonly Pick<SheetInfo, 'id'>[], sheetId: SheetId): SheetId | null {
  const index = sheets.findIndex((s) => s.id === sheetId)
  if (index < 0) return null
  return sheets[index + 1]?.id ?? sheets[index - 1]?.id ?? null
}

/** Why a sheet cannot move by `step` tabs, or null when it can. */
export function moveProblem(sheets: readonly Pick<SheetInfo, 'id'>[], sheetId: SheetId, step: -1 | 1, t: Messages): string | null {
  const index = sheets.findIndex((s) => s.id === sheetId)
  if (step < 0 && index <= 0) return t.sheets.firstAlready
  if (step > 0 && index >= sheets.length - 1) return t.sheets.lastAlready
  return null
}

/** Why a sheet cannot be deleted (the last one), or null when it can. */
export function removeProblem(sheets: readonly unknown[], t: Messages): string | null {
  return sheets.length <= 1 ? t.sheets.lastSheet : null
}

interface Options {
  workbook: Workbook | null
  undo: Undo | null
  mayChange: boolean
  t: Messages
}

/** The sheet actions on a live workbook; `sheetId` in a result is the sheet to show next. */
export function createSheetActions({ workbook, undo, mayChange, t }: Options): SheetActions {
  const run = (action: (wb: Workbook) => SheetId | null): SheetActionResult => {
    if (!workbook || !mayChange) return { ok: false, message: t.grid.refused.notAllowed }
    try {
      // A sheet change is an undo step of its own, never merged with an edit made just before or after.
      undo?.separate()
      const sheetId = action(workbook)
      undo?.separate()
      return { ok: true, sheetId }
    } catch (error) {
      if (error instanceof InvalidSheetNameError) return { ok: false, message: sheetNameMessage(error, t) }
      return { ok: false, message: t.sheets.failed(error instanceof Error ? error.message : String(error)) }
    }
  }
  return {
    mayChange: mayChange && workbook !== null,
    add: () =>
      run((wb) => {
        let id: SheetId | null = null
        // One transaction, so one undo step removes the sheet with its rows (C7).
        wb.doc.transact(() => {
          id = addSheet(wb, { name: nextSheetName(wb, t.sheets.newName), kind: 'generic', columns: [...NEW_SHEET_COLUMNS] })
          insertRows(wb, id, 0, NEW_SHEET_ROWS)
        }, Origin.LocalEdit)
        return id
      }),
    rename: (sheetId, name) =>
      run((wb) => {
        renameSheet(wb, sheetId, name.trim())
        return sheetId
      }),
    duplicate: (sheetId) => run((wb) => duplicateSheet(wb, sheetId)),
    remove: (sheetId) => {
      const problem = workbook ? removeProblem(listSheets(workbook), t) : null
      if (problem) return { ok: false, message: problem }
      return run((wb) => {
        const next = neighbourOf(listSheets(wb), sheetId)
        deleteSheet(wb, sheetId)
        return next
      })
    },
    move: (sheetId, toIndex) =>
      run((wb) => {
        moveSheet(wb, sheetId, toIndex)
        return sheetId
      }),
    undo: () => undo?.undo(),
    redo: () => undo?.redo(),
  }
}

/** `createSheetActions` for a component: the same object while its inputs stay the same. */
export function useSheetActions(options: Options): SheetActions {
  const { workbook, undo, mayChange, t } = options
  return useMemo(() => createSheetActions({ workbook, undo, mayChange, t }), [workbook, undo, mayChange, t])
}
