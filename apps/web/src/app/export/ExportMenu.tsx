import { useRef, useState, type ChangeEvent } from 'react'
import type { WorkbookApi } from '../../api/endpoints'
import type { UiLocale } from '../i18n'

interface Props {
  api: WorkbookApi
  /** Id of the sheet the user looks at: PDF and csv export that sheet, xlsx opens on it. */
  sheetId: string
  /** Whether to offer xlsx import (the server refuses it to everyone else). */
  mayImport: boolean
  locale: UiLocale
}

// The menu's own texts, so it can be mounted without touching the shared message catalog.
const TEXTS = {
  'sv-SE': {
    export: 'Exportera',
    pdf: 'PDF-bilaga',
    bilagaPrompt: 'Bilagans nummer (t.ex. 5.1), tomt för ingen siffra',
    xlsx: 'Excel (xlsx)',
    csv: 'CSV (svensk, semikolon)',
    csvRfc: 'CSV (RFC 4180, komma)',
    importXlsx: 'Importera xlsx …',
    importing: 'Importerar …',
    imported: (names: string) => `Importerade blad: ${names}`,
    neutralised: (n: number) => ` ${n} ${n === 1 ? 'formel' : 'formler'} som pekade utanför arbetsboken togs bort; se cellernas anteckningar.`,
    failed: 'Importen misslyckades',
  },
  en: {
    export: 'Export',
    pdf: 'PDF appendix',
    bilagaPrompt: 'Appendix number (e.g. 5.1), empty for none',
    xlsx: 'Excel (xlsx)',
    csv: 'CSV (Swedish, semicolon)',
    csvRfc: 'CSV (RFC 4180, comma)',
    importXlsx: 'Import xlsx …',
    importing: 'Importing …',
    imported: (names: string) => `Imported sheets: ${names}`,
    neutralised: (n: number) => ` ${n} ${n === 1 ? 'formula' : 'formulas'} reaching outside the workbook removed; see the cells' notes.`,
    failed: 'Import failed',
  },
} as const

/**
 * Export of the active sheet (PDF bilaga, xlsx, csv) and xlsx import. Downloads are plain links
 * with `?token=` so the browser streams the file the server made from the persisted workbook.
 */
export function ExportMenu({ api, sheetId, mayImport, locale }: Props) {
  const t = TEXTS[locale]
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)
  const [busy, setBusy] = useState(false)
  const fileInput = useRef<HTMLInputElement>(null)

  const download = (query: Record<string, string>) => {
    const a = document.createElement('a')
    a.href = api.exportLink({ ...query, sheet: sheetId, locale })
    a.download = ''
    document.body.append(a)
    a.click()
    a.remove()
  }

  const exportPdf = () => {
    const bilaga = window.prompt(t.bilagaPrompt, '')
    if (bilaga === null) return
    download(bilaga.trim() ? { format: 'pdf', bilaga: bilaga.trim() } : { format: 'pdf' })
  }

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (!file) return
    setBusy(true)
    setMessage({ text: t.importing, error: false })
    try {
      const result = await api.importXlsx(file)
      const removed = result.neutralised.length
      const names = result.sheets.map((s) => s.name).join(', ')
      setMessage({ text: t.imported(names) + (removed > 0 ? t.neutralised(removed) : ''), error: false })
    } catch (err) {
      setMessage({ text: `${t.failed}: ${(err as Error).message}`, error: true })
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="sp-export-menu" data-testid="export-menu">
      <span className="sp-export-label">{t.export}:</span>
      <button type="button" onClick={exportPdf} data-testid="export-pdf">
        {t.pdf}
      </button>
      <button type="button" onClick={() => download({ format: 'xlsx' })} data-testid="export-xlsx">
        {t.xlsx}
      </button>
      <button type="button" onClick={() => download({ format: 'csv', dialect: 'sv' })} data-testid="export-csv">
        {t.csv}
      </button>
      <button type="button" onClick={() => download({ format: 'csv', dialect: 'rfc4180' })} data-testid="export-csv-rfc">
        {t.csvRfc}
      </button>
      {mayImport && (
        <>
          <button type="button" disabled={busy} onClick={() => fileInput.current?.click()} data-testid="import-xlsx">
            {t.importXlsx}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            hidden
            onChange={(e) => void onFile(e)}
          />
        </>
      )}
      {message && (
        <span className={message.error ? 'sp-export-error' : 'sp-export-status'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </span>
      )}
    </div>
  )
}
