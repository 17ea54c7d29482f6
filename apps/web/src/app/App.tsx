import { useCallback, useEffect, useState } from 'react'
import { isUnauthorized } from '../api/client'
import { listWorkbooks } from '../api/endpoints'
import { Login } from './auth/Login'
import { messages, type UiLocale } from './i18n'
import { parseWorkbookPath } from './links/deep-link'
import type { Session } from './auth/session'
import { useSession } from './auth/use-session'
import { WorkbookView } from './workbook/WorkbookView'

function initialLocale(): UiLocale {
  return localStorage.getItem('samplan.locale') === 'en' ? 'en' : 'sv-SE'
}

/** Sign-in, then the workbook from the URL (`/w/<id>/<sheet>!<cell>`) or the first one the user may open. */
export function App() {
  const [locale, setLocale] = useState<UiLocale>(initialLocale)
  const keeper = useSession()
  const { session, api } = keeper
  const [workbookId, setWorkbookId] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const t = messages(locale)

  const signedIn = keeper.signedIn
  const changeSession = useCallback(
    (next: Session) => {
      signedIn(next)
      setError(null)
    },
    [signedIn],
  )
  const signedInAs = session?.user.id
  useEffect(() => {
    if (!signedInAs) setWorkbookId(null)
  }, [signedInAs])

  useEffect(() => {
    if (!signedInAs) return
    // The rest of the path (sheet and cell) is the workbook view's (links/use-deep-link.ts).
    const fromUrl = parseWorkbookPath(location.pathname)?.workbookId
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
  }, [signedInAs, api, t.noWorkbooks])

  const changeLocale = (next: UiLocale) => {
    localStorage.setItem('samplan.locale', next)
    setLocale(next)
  }

  if (session === undefined) return <div className="sp-message">{t.loading}</div>
  if (!session) return <Login locale={locale} onSession={changeSession} error={keeper.error} />
  if (error) return <div className="sp-message">{error}</div>
  if (!workbookId) return <div className="sp-message">{t.loading}</div>
  return (
    <WorkbookView
      key={`${workbookId}:${locale}:${session.user.id}`}
      workbookId={workbookId}
      session={session}
      api={api}
      locale={locale}
      onLocale={changeLocale}
      onSignOut={() => void keeper.signOut()}
      onSignOutEverywhere={() => void keeper.signOutEverywhere()}
      token={keeper.token}
      renew={keeper.renew}
      onDropped={keeper.dropped}
    />
  )
}
