import { z } from 'zod'
import { TemplateChart } from '../charts/chart-schema'
import { ColumnSpec, RowSpec, SheetKind } from './sheet'

/**
 * A cell in a template: a number, a text, or a formula in canonical form
 * (English function names, `,` separators, `.` decimals) with A1 references
 * to the template's own grid (row 1 is the first row of `rows`, column A the
 * first of `columns`). Cross-sheet references use the sheet's name:
 * `='Volym'!C4`. `null` leaves the cell empty.
 */
export const TemplateCell = z.union([z.number(), z.string(), z.boolean(), z.null()])
export type TemplateCell = z.infer<typeof TemplateCell>

export const TemplateRow = RowSpec.extend({
  /** One entry per column, in column order (shorter arrays leave trailing cells empty). */
  cells: z.array(TemplateCell),
  /** A note kept with the row, e.g. the printed figure where the formula disagrees with it. */
  note: z.string().optional(),
})
export type TemplateRow = z.infer<typeof TemplateRow>

export const TemplateSheet = z.object({
  name: z.string().min(1).max(31),
  kind: SheetKind,
  /** Rows frozen at the top of the grid (the header rows). */
  frozenRows: z.number().int().min(0).default(1),
  /** Where the numbers come from, printed under a bilaga (`Källa: …`). */
  source: z.string().optional(),
  columns: z.array(ColumnSpec).min(1),
  rows: z.array(TemplateRow),
  /** Charts over the sheet's ranges, in A1 on the template grid ([CH7]). */
  charts: z.array(TemplateChart).optional(),
})
export type TemplateSheet = z.infer<typeof TemplateSheet>

export const WorkbookTemplate = z.object({
  title: z.string(),
  sheets: z.array(TemplateSheet).min(1),
})
export type WorkbookTemplate = z.infer<typeof WorkbookTemplate>
