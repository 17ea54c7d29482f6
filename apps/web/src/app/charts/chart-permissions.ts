import { canChangeStructure, type Actor, type WorkbookStatus } from '@samplan/domain'

/** Adding and removing charts: those who may change the sheet's structure (domain CH9, R6, R1). */
export function mayEditCharts(actor: Actor, status: WorkbookStatus): boolean {
  return canChangeStructure(actor, status)
}
