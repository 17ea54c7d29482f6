import type { Api } from '@samplan/domain'
import { useEffect, useState, type FormEvent } from 'react'
import { createApiClient } from '../../api/client'
import { signIn, signInMethods } from '../../api/endpoints'
import { messages, type UiLocale } from '../i18n'
import type { Session } from './session'

/** Where the server's callback puts the reason a sign-in at the identity provider was refused. */
const SIGN_IN_ERROR_PARAM = 'inloggningsfel'

/** The refusal the identity provider's callback sent back, taken out of the address so a reload does not show it again. */
function takeSignInError(): string | null {
  const url = new URL(location.href)
  const message = url.searchParams.get(SIGN_IN_ERROR_PARAM)
  if (message === null) return null
  url.searchParams.delete(SIGN_IN_ERROR_PARAM)
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`)
  return message
}

/**
 * The sign-in page: "Logga in med <provider>" when the city's identity provider is configured
 * (it returns to the page asked for), the password form for the embedded default.
 */
export function Login({
  locale,
  onSession,
  error: initialError,
}: {
  locale: UiLocale
  onSession: (s: Session) => void
  error?: string | null
}) {
  const t = messages(locale)
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(() => takeSignInError() ?? initialError ?? null)
  const [busy, setBusy] = useState(false)
  const [methods, setMethods] = useState<Api.SignInMethods | null>(null)

  useEffect(() => {
    signInMethods(createApiClient())
      .then(setMethods)
      // The server cannot say: offer the password form, whose answer will say what is wrong.
      .catch(() => setMethods({ password: true, provider: null }))
  }, [])

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

  const returnTo = `${location.pathname}${location.search}${location.hash}`
  return (
    <form className="sp-login" onSubmit={submit}>
      <h1>{t.appName}</h1>
      {methods?.provider && (
        <a className="sp-login-provider" href={`/api/oidc/login?returnTo=${encodeURIComponent(returnTo)}`}>
          {t.signInWith(methods.provider.displayName)}
        </a>
      )}
      {methods?.password && (
        <>
          <label>
            {t.username}
            <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
          </label>
          <label>
            {t.password}
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
        </>
      )}
      {error && (
        <p className="sp-error-text" role="alert">
          {error}
        </p>
      )}
      {methods?.password && (
        <button type="submit" disabled={busy}>
          {t.signIn}
        </button>
      )}
    </form>
  )
}
