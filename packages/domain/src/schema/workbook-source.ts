import { z } from 'zod'

/**
 * Where a workbook came from when it was rolled over from another one (RO7): the source's id
 * (when the caller knows it), its title and its plan year. Stored under `source` in the
 * `workbook` root; absent for a workbook made from a template or an import.
 */
export const WorkbookSource = z.object({
  workbookId: z.string().min(1).max(200).optional(),
  title: z.string().max(500),
  year: z.number().int().min(1900).max(2999),
})
export type WorkbookSource = z.infer<typeof WorkbookSource>
