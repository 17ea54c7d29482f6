import { useState, type FormEvent } from 'react'
import { createApiClient } from '../../api/client'
import { signIn } from '../../api/endpoints'
import { messages, type UiLocale } from '../i18n'
import type { Session } from './session'

export function Login({ locale, onSession }: { locale: UiLocale; onSession: (s: Session) => void }) {
  const t = messages(locale)
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      // No token yet: a refused password is this form's error, not a sign-out.
      onSession(await signIn(createApiClient(), username, password))
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="sp-login" onSubmit={submit}>
      <h1>{t.appName}</h1>
      <label>
        {t.username}
        <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
      </label>
      <label>
        {t.password}
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      {error && <p className="sp-error-text" role="alert">{error}</p>}
      <button type="submit" disabled={busy}>{t.signIn}</button>
    </form>
  )
}
