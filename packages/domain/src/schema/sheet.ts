import { z } from 'zod'
import { Period } from './period'

/** What a column holds; decides parsing, validation and number format. */
export const ColumnType = z.enum(['number', 'integer', 'percent', 'text', 'date'])
export type ColumnType = z.infer<typeof ColumnType>

/** Units printed in headers and after numbers (`20 684,1 mnkr`). */
export const Unit = z.enum(['mnkr', 'tkr', 'kr', 'st', '%'])
export type Unit = z.infer<typeof Unit>

/** Who may type into a cell of this column (rights are checked per role on the server too). */
export const Editability = z.enum([
  /** any ekonom (and admin) */
  'ekonom',
  /** an områdeschef for rows tagged with their own område, and ekonomer */
  'omradeschef',
  /** nobody: labels and computed cells */
  'locked',
])
export type Editability = z.infer<typeof Editability>

export const ColumnSpec = z.object({
  /** Header text shown above the column (Swedish). */
  label: z.string(),
  type: ColumnType,
  unit: Unit.optional(),
  /** Decimals shown; numbers are stored at full precision. */
  decimals: z.number().int().min(0).max(6).optional(),
  /** Lowest accepted value, e.g. 0 for pupil counts. */
  min: z.number().optional(),
  editable: Editability.default('ekonom'),
  /** Width in px for the grid and (scaled) for exports. */
  width: z.number().int().positive().optional(),
  /** The period a dated column holds; its header is `periodLabel(period)` (SPEC P1-P5). */
  period: Period.optional(),
})
export type ColumnSpec = z.infer<typeof ColumnSpec>

/**
 * Row roles. Header/section rows hold labels and are not validated against
 * column types; summa rows are drawn bold; varav rows are indented; a kontroll
 * row computes the difference between two figures that must agree (0 when they
 * do) and is flagged wherever it is not 0.
 */
export const RowKind = z.enum(['header', 'section', 'data', 'varav', 'summa', 'note', 'kontroll'])
export type RowKind = z.infer<typeof RowKind>

export const RowSpec = z.object({
  kind: RowKind.default('data'),
  /** The område a row belongs to (RSU sheet): decides an områdeschef's rights. */
  omrade: z.string().optional(),
  /** A row a person inserted (not the template's): its label cells are theirs to write ([R3]). */
  added: z.boolean().optional(),
})
export type RowSpec = z.infer<typeof RowSpec>

/** Sheet kinds of the board's workbook. */
export const SheetKind = z.enum([
  'budget',
  'volym',
  'indikator',
  'skolpeng',
  'sarskilt-stod',
  'rsu',
  'anslag',
  'parametrar',
  'generic',
])
export type SheetKind = z.infer<typeof SheetKind>
