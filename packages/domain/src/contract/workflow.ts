import { z } from 'zod'

/** Where a workbook is in the board's process. */
export const WorkbookStatus = z.enum(['utkast', 'inskickad', 'beslutad'])
export type WorkbookStatus = z.infer<typeof WorkbookStatus>

/**
 * [A3] The status workflow: utkast -> inskickad -> (utkast | beslutad); beslutad is final.
 * The server moves a workbook only along these steps; the web app offers only these.
 */
export const NEXT_STATUS: Readonly<Record<WorkbookStatus, readonly WorkbookStatus[]>> = {
  utkast: ['inskickad'],
  inskickad: ['utkast', 'beslutad'],
  beslutad: [],
}

export function canMoveStatus(from: WorkbookStatus, to: WorkbookStatus): boolean {
  return NEXT_STATUS[from].includes(to)
}
