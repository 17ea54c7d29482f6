import { useEffect, useState } from 'react'
import type { UiLocale } from './i18n'
import { messages } from './i18n'
import { WorkbookView } from './WorkbookView'

interface WorkbookSummary {
  id: string
  title: string
}

function initialLocale(): UiLocale {
  return localStorage.getItem('samplan.locale') === 'en' ? 'en' : 'sv-SE'
}

/** Picks the workbook from the URL (`/w/<id>`) or the first one on the server. */
export function App() {
  const [locale, setLocale] = useState<UiLocale>(initialLocale)
  const [workbookId, setWorkbookId] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const t = messages(locale)

  useEffect(() => {
    const fromUrl = /^\/w\/([A-Za-z0-9_-]+)/.exec(location.pathname)?.[1]
    if (fromUrl) {
      setWorkbookId(fromUrl)
      return
    }
    fetch('/api/workbooks')
      .then((res) => res.json() as Promise<{ workbooks: WorkbookSummary[] }>)
      .then(({ workbooks }) => {
        const first = workbooks[0]
        if (!first) return setError(t.noWorkbooks)
        history.replaceState(null, '', `/w/${first.id}`)
        setWorkbookId(first.id)
      })
      .catch((err: Error) => setError(err.message))
  }, [t.noWorkbooks])

  const changeLocale = (next: UiLocale) => {
    localStorage.setItem('samplan.locale', next)
    setLocale(next)
  }

  if (error) return <div className="sp-message">{error}</div>
  if (!workbookId) return <div className="sp-message">{t.loading}</div>
  return <WorkbookView key={`${workbookId}:${locale}`} workbookId={workbookId} locale={locale} onLocale={changeLocale} />
}
