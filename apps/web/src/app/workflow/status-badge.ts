import { statusLock, type Role, type WorkbookStatus } from '@samplan/domain'
import type { Messages } from '../i18n'

/**
 * The workflow status as the signed-in user reads it, with its consequence for them (domain
 * SPEC R1): the header badge and the versions dialog show `text`, `hint` is its tooltip.
 */
export function statusBadge(t: Messages, status: WorkbookStatus, role: Role): { text: string; hint: string; locked: boolean } {
  const locked = statusLock({ role }, status) !== null
  const text = status === 'inskickad' && !locked ? t.statusInskickadAdmin : t.status[status]
  return { text, hint: t.statusHint[status], locked }
}
