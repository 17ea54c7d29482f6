import { useCallback, useEffect, useState } from 'react'
import { Login } from './Login'
import { messages, type UiLocale } from './i18n'
import { loadSession, saveSession, type Session } from './session'
import { WorkbookView } from './WorkbookView'

interface WorkbookSummary {
  id: string
  title: string
}

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
    if (!next) setWorkbookId(null)
  }, [])

  useEffect(() => {
    if (!session) return
    const fromUrl = /^\/w\/([A-Za-z0-9_-]+)/.exec(location.pathname)?.[1]
    if (fromUrl) {
      setWorkbookId(fromUrl)
      return
    }
    fetch('/api/workbooks', { headers: { authorization: `Bearer ${session.token}` } })
      .then(async (res) => {
        if (res.status === 401) return changeSession(null)
        const { workbooks } = (await res.json()) as { workbooks: WorkbookSummary[] }
        const first = workbooks[0]
        if (!first) return setError(t.noWorkbooks)
        history.replaceState(null, '', `/w/${first.id}`)
        setWorkbookId(first.id)
      })
      .catch((err: Error) => setError(err.message))
  }, [session, changeSession, t.noWorkbooks])

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
      locale={locale}
      onLocale={changeLocale}
      onSignOut={() => changeSession(null)}
    />
  )
}
