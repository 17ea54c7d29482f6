import { z } from 'zod'
import { ColumnSpec, RowKind } from '../schema/sheet'

/*
 * The shapes of an xlsx import (SPEC IM1-IM10): the file as read, what the user chose for each of
 * its sheets, and the plan the preview shows and `applyImportPlan` writes.
 */

/** A cell read from a file: empty, a value, or a formula in canonical English A1 of the file's own positions. */
export const ImportCell = z.union([z.null(), z.number(), z.string(), z.boolean(), z.object({ formula: z.string().startsWith('=') })])
export type ImportCell = z.infer<typeof ImportCell>

/** One sheet of a file: dense rows of cells, with the column specs and row kinds a new sheet would get. */
export const ImportFileSheet = z.object({
  name: z.string().min(1).max(200),
  rows: z.array(z.array(ImportCell)),
  columns: z.array(ColumnSpec),
  rowKinds: z.array(RowKind),
  frozenRows: z.number().int().min(0),
})
export type ImportFileSheet = z.infer<typeof ImportFileSheet>

export const ImportFile = z.object({ sheets: z.array(ImportFileSheet) })
export type ImportFile = z.infer<typeof ImportFile>

/** Where a file sheet goes: a workbook sheet by id, a new sheet, or nowhere. */
export const ImportTargetChoice = z.union([z.literal('new'), z.literal('skip'), z.string().min(1).max(100)])
export type ImportTargetChoice = z.infer<typeof ImportTargetChoice>

/** The user's choices by file sheet index; a sheet not named here gets the default (IM1). */
export const ImportTargets = z.record(z.string().regex(/^\d{1,3}$/), ImportTargetChoice)
export type ImportTargets = z.infer<typeof ImportTargets>

/** A value or formula as the preview shows it: formulas as English A1 text (old: the workbook's positions, new: the file's). */
const ShownInput = z.union([z.number(), z.string(), z.boolean(), z.null()])

/** A cell input to write: a value, or a formula in English A1 of the positions after the import (IM4). */
const WriteInput = z.union([z.number(), z.string(), z.boolean(), z.null()])

export const ImportCellChange = z.object({
  rowId: z.string(),
  /** 1-based row number in the workbook sheet now, for a row without a label. */
  row: z.number().int().min(1),
  colId: z.string(),
  rowLabel: z.string(),
  column: z.string(),
  spec: ColumnSpec.nullable(),
  old: ShownInput,
  new: ShownInput,
  write: WriteInput,
  /** The user may not change this cell (R1-R5): shown as låst, never written (IM7). */
  locked: z.boolean(),
})
export type ImportCellChange = z.infer<typeof ImportCellChange>

export const ImportAddedRow = z.object({
  /** The workbook row the new row follows (null: first row of the sheet). */
  afterRowId: z.string().nullable(),
  label: z.string(),
  kind: RowKind,
  cells: z.array(z.object({ col: z.number().int().min(0), new: ShownInput, write: WriteInput, locked: z.boolean() })),
})
export type ImportAddedRow = z.infer<typeof ImportAddedRow>

export const ImportSheetPlan = z.object({
  fileIndex: z.number().int().min(0),
  fileName: z.string(),
  target: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('sheet'),
      sheetId: z.string(),
      name: z.string(),
      /** The order of the sheet's rows and columns the plan was made for (`layoutKey`). */
      layout: z.string(),
    }),
    z.object({ kind: z.literal('new'), name: z.string(), columns: z.array(ColumnSpec), frozenRows: z.number().int().min(0) }),
    z.object({ kind: z.literal('skip') }),
  ]),
  changes: z.array(ImportCellChange),
  addedRows: z.array(ImportAddedRow),
  /** Header texts (or letters) of file columns that match no column of the target; never written (IM3). */
  skippedColumns: z.array(z.string()),
  /** Rows cannot be added: the user may not change the structure (R6); listed, never written. */
  rowsLocked: z.boolean(),
})
export type ImportSheetPlan = z.infer<typeof ImportSheetPlan>

export const ImportPlan = z.object({
  sheets: z.array(ImportSheetPlan),
  /**
   * What applying writes: cells changed in existing rows, rows added (with their cells), sheets added;
   * `locked`: cells and rows the user may not write. All but `locked` 0: "Inga ändringar".
   */
  totals: z.object({
    cellsChanged: z.number().int(),
    rowsAdded: z.number().int(),
    sheetsAdded: z.number().int(),
    locked: z.number().int(),
  }),
})
export type ImportPlan = z.infer<typeof ImportPlan>
