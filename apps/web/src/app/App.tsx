import { useCallback, useEffect, useMemo, useState } from 'react'
import { createApiClient, isUnauthorized } from '../api/client'
import { listWorkbooks } from '../api/endpoints'
import { Login } from './auth/Login'
import { messages, type UiLocale } from './i18n'
import { loadSession, saveSession, type Session } from './auth/session'
import { WorkbookView } from './workbook/WorkbookView'

function initialLocale(): UiLocale {
  return localStorage.getItem('samplan.locale') === 'en' ? 'en' : 'sv-SE'
}

/** Sign-in, then the workbook from the URL (`/w/<id>`) or the first one the user may open. */
export function App() {
  const [locale, setLocale] = useState<UiLocale>(initialLocale)
  const [session, setSession] = useState<Session | null>(loadSession)
  const [workbookId, setWorkbookId] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const t = messages(locale)

  const changeSession = useCallback((next: Session | null) => {
    saveSession(next)
    setSession(next)
    setError(null)
    if (!next) setWorkbookId(null)
  }, [])
  const signOut = useCallback(() => changeSession(null), [changeSession])
  // One client per sign-in: a token the server refuses anywhere brings back the sign-in form.
  const token = session?.token
  const api = useMemo(() => createApiClient({ token, onUnauthorized: signOut }), [token, signOut])

  useEffect(() => {
    if (!session) return
    const fromUrl = /^\/w\/([A-Za-z0-9_-]+)/.exec(location.pathname)?.[1]
    if (fromUrl) {
      setWorkbookId(fromUrl)
      return
    }
    listWorkbooks(api)
      .then(({ workbooks }) => {
        const first = workbooks[0]
        if (!first) return setError(t.noWorkbooks)
        history.replaceState(null, '', `/w/${first.id}`)
        setWorkbookId(first.id)
      })
      .catch((err: Error) => {
        // A refused token has already brought back the sign-in form.
        if (isUnauthorized(err)) return
        setError(err.message)
      })
  }, [session, api, t.noWorkbooks])

  const changeLocale = (next: UiLocale) => {
    localStorage.setItem('samplan.locale', next)
    setLocale(next)
  }

  if (!session) return <Login locale={locale} onSession={changeSession} />
  if (error) return <div className="sp-message">{error}</div>
  if (!workbookId) return <div className="sp-message">{t.loading}</div>
  return (
    <WorkbookView
      key={`${workbookId}:${locale}:${session.token}`}
      workbookId={workbookId}
      session={session}
      api={api}
      locale={locale}
      onLocale={changeLocale}
      onSignOut={signOut}
    />
  )
}
