import { mayTakeAction } from '@samplan/domain'
import { useState, type ReactNode } from 'react'
import type { ApiClient } from '../../api/client'
import type { Session } from '../auth/session'
import type { Messages } from '../i18n'
import { AdminDialog, PasswordDialog } from '../on-demand'

export interface AdminEntries {
  /** Arkiv > Administration, for admins only (domain SPEC A6); absent for everyone else. */
  openAdmin?: () => void
  /** Arkiv > Byt lösenord, for a session begun with a local password (A7); absent after the identity provider's sign-in. */
  changePassword?: () => void
  /** The open dialog, if any. */
  dialogs: ReactNode
}

/**
 * The Arkiv menu's administration and password entries and their dialogs. A password change ends
 * the other sessions; this browser then renews its token from the new session cookie.
 */
export function useAdminEntries(options: {
  client: ApiClient
  session: Session
  t: Messages
  renew: () => Promise<string | null>
}): AdminEntries {
  const { client, session, t, renew } = options
  const { user } = session
  const [open, setOpen] = useState<'admin' | 'password' | null>(null)

  const close = () => setOpen(null)
  const dialogs =
    open === 'admin' ? (
      <AdminDialog
        client={client}
        t={t}
        selfId={user.id}
        // A full navigation: the new workbook opens as a link to it would.
        onOpenWorkbook={(id) => location.assign(`/w/${encodeURIComponent(id)}`)}
        onClose={close}
      />
    ) : open === 'password' ? (
      <PasswordDialog client={client} t={t} onChanged={() => void renew()} onClose={close} />
    ) : null
  return {
    ...(mayTakeAction(user.role, 'manage-people') ? { openAdmin: () => setOpen('admin') } : {}),
    ...(session.signIn === 'password' ? { changePassword: () => setOpen('password') } : {}),
    dialogs,
  }
}
