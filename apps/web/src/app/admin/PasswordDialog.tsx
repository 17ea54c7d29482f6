import { Api } from '@samplan/domain'
import { useId, useRef, useState, type FormEvent } from 'react'
import type { ApiClient } from '../../api/client'
import type { Session } from '../auth/session'
import { useDialogFocus } from '../dialogs/dialog-focus'
import type { Messages } from '../i18n'
import { changePassword } from './admin-api'

interface Props {
  client: ApiClient
  t: Messages
  /** This browser's new session (the server ended the others). */
  onChanged: (session: Session) => void
  onClose: () => void
}

/** Arkiv > Byt lösenord, for local accounts (domain SPEC A7). */
export function PasswordDialog({ client, t, onChanged, onClose }: Props) {
  const a = t.admin
  const box = useRef<HTMLDivElement>(null)
  const onDialogKey = useDialogFocus(box, onClose)
  const rulesId = useId()
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState(false)
  const [busy, setBusy] = useState(false)

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const currentPassword = String(form.get('current') ?? '')
    const newPassword = String(form.get('next') ?? '')
    if (newPassword.length < Api.MIN_PASSWORD_LENGTH) return setError(a.passwordTooShort)
    if (newPassword !== String(form.get('repeat') ?? '')) return setError(a.passwordMismatch)
    setBusy(true)
    changePassword(client, { currentPassword, newPassword })
      .then((session) => {
        setError(null)
        setDone(true)
        onChanged(session)
      })
      .catch((err: Error) => setError(err.message))
      .finally(() => setBusy(false))
  }

  return (
    <div className="sp-modal-backdrop">
      <div
        ref={box}
        className="sp-modal sp-admin-password"
        role="dialog"
        aria-modal="true"
        aria-label={a.changePassword}
        data-testid="change-password"
        tabIndex={-1}
        onKeyDown={onDialogKey}
      >
        <h2>{a.changePassword}</h2>
        {done ? (
          <p role="status">{a.passwordChanged}</p>
        ) : (
          <form className="sp-admin-form" onSubmit={submit} aria-describedby={rulesId}>
            <p id={rulesId} className="sp-muted">
              {a.passwordRules}
            </p>
            <label>
              {a.currentPassword}
              <input name="current" type="password" required autoComplete="current-password" />
            </label>
            <label>
              {a.newPassword}
              <input name="next" type="password" required autoComplete="new-password" />
            </label>
            <label>
              {a.repeatPassword}
              <input name="repeat" type="password" required autoComplete="new-password" />
            </label>
            {error && (
              <p className="sp-error-text" role="alert">
                {error}
              </p>
            )}
            <div className="sp-modal-actions">
              <button type="button" onClick={onClose}>
                {a.cancel}
              </button>
              <button type="submit" disabled={busy}>
                {a.changePassword}
              </button>
            </div>
          </form>
        )}
        {done && (
          <div className="sp-modal-actions">
            <button type="button" onClick={onClose}>
              {a.close}
            </button>
          </div>
        )}
      </div>
    </div>
  )
}
