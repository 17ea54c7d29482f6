import type { Role, WorkbookStatus } from '@samplan/domain'
import type { Messages } from '../i18n'
import { statusBadge } from './status-badge'

/** The workflow status with its consequence for this user; the hint says what it means. */
export function StatusBadge({ t, status, role, testId }: { t: Messages; status: WorkbookStatus; role: Role; testId: string }) {
  const badge = statusBadge(t, status, role)
  return (
    <span className={`sp-status-badge sp-status-badge-${status}`} data-testid={testId} title={badge.hint}>
      {badge.text}
    </span>
  )
}
