import { z } from 'zod'

/** Row, column and chart ids as stored (base62 from `newId`, with room for imported ids). */
const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)

export const ChartKind = z.enum(['bar', 'line'])
export type ChartKind = z.infer<typeof ChartKind>

/** Whether each row of the range is a series (categories run along the columns) or each column. */
export const ChartSeriesIn = z.enum(['rows', 'cols'])
export type ChartSeriesIn = z.infer<typeof ChartSeriesIn>

/**
 * The data range by the ids of its corner rows and columns, as formulas store ranges ([CH2]):
 * rows inserted between the corners are inside it, deleted corners shrink it.
 */
export const ChartRange = z.object({ firstRow: Id, lastRow: Id, firstCol: Id, lastCol: Id }).strict()
export type ChartRange = z.infer<typeof ChartRange>

/** A chart as stored, one entry of `charts:<sheetId>` keyed by its id ([CH1]). */
export const ChartSpec = z
  .object({
    id: Id,
    kind: ChartKind,
    title: z.string().trim().min(1).max(200),
    range: ChartRange,
    seriesIn: ChartSeriesIn,
    /** The row (series in rows) or column (series in columns) whose cells name the categories; null: column labels or numbers. */
    categoryLabels: Id.nullable(),
    /** The column (series in rows) or row (series in columns) whose cells name the series; null: column labels or numbers. */
    seriesLabels: Id.nullable(),
    /** Rows or columns inside the range the chart leaves out (a change column between two years). */
    omit: z.array(Id).max(1000),
    /** The cell the chart belongs to: charts of a sheet are shown in the order of their anchors. */
    anchor: z.object({ rowId: Id, colId: Id }).strict(),
    size: z.object({ width: z.number().int().min(200).max(2000), height: z.number().int().min(150).max(1200) }).strict(),
  })
  .strict()
export type ChartSpec = z.infer<typeof ChartSpec>

/** What a new chart needs; the id is generated. */
export type ChartInit = Omit<ChartSpec, 'id' | 'size' | 'omit'> & Partial<Pick<ChartSpec, 'size' | 'omit'>>

/** The fields a chart update may change. */
export type ChartPatch = Partial<Omit<ChartSpec, 'id'>>

export const DEFAULT_CHART_SIZE = { width: 640, height: 320 } as const

/**
 * A chart of a template sheet, addressed in A1 on the template grid (row 1 = header row) like the
 * template's formulas ([CH7]): `range` `B2:E5`, labels a row number (`'1'`) or column letters (`'A'`).
 */
export const TemplateChart = z
  .object({
    kind: ChartKind,
    title: z.string().min(1).max(200),
    range: z.string().regex(/^[A-Z]+[0-9]+:[A-Z]+[0-9]+$/),
    seriesIn: ChartSeriesIn,
    categoryLabels: z
      .string()
      .regex(/^([A-Z]+|[0-9]+)$/)
      .nullable(),
    seriesLabels: z
      .string()
      .regex(/^([A-Z]+|[0-9]+)$/)
      .nullable(),
    omit: z.array(z.string().regex(/^([A-Z]+|[0-9]+)$/)).default([]),
    size: ChartSpec.shape.size.optional(),
  })
  .strict()
export type TemplateChart = z.infer<typeof TemplateChart>
