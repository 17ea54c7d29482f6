import type { Workbook } from '@samplan/domain'
import { useRef, useState, type ChangeEvent } from 'react'
import { createPortal } from 'react-dom'
import type { WorkbookApi } from '../../api/endpoints'
import type { UiLocale } from '../i18n'
import { ImportDialog } from '../on-demand'

interface Props {
  api: WorkbookApi
  /** Id of the sheet the user looks at: PDF and csv export that sheet, xlsx opens on it. */
  sheetId: string
  /** Whether to offer xlsx import (the server refuses it to everyone else). */
  mayImport: boolean
  /** The live workbook an import is previewed against and applied to (null while it opens). */
  workbook?: Workbook | null
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
  },
  en: {
    export: 'Export',
    pdf: 'PDF appendix',
    bilagaPrompt: 'Appendix number (e.g. 5.1), empty for none',
    xlsx: 'Excel (xlsx)',
    csv: 'CSV (Swedish, semicolon)',
    csvRfc: 'CSV (RFC 4180, comma)',
    importXlsx: 'Import xlsx …',
  },
} as const

/**
 * Export of the active sheet (PDF bilaga, xlsx, csv) and xlsx import. Downloads are plain links
 * with `?token=` so the browser streams the file the server made from the persisted workbook.
 */
export function ExportMenu({ api, sheetId, mayImport, workbook, locale }: Props) {
  const t = TEXTS[locale]
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)
  const [importing, setImporting] = useState<File | null>(null)
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

  // The file is only previewed here; the dialog applies it once the user has seen what changes.
  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (!file) return
    setMessage(null)
    setImporting(file)
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
          <button
            type="button"
            disabled={!workbook || importing !== null}
            onClick={() => fileInput.current?.click()}
            data-testid="import-xlsx"
          >
            {t.importXlsx}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            hidden
            onChange={onFile}
            data-testid="import-file"
          />
        </>
      )}
      {importing &&
        workbook &&
        // On the page, not in the menu: the menu may sit in a bar that hides or clips it.
        createPortal(
          <ImportDialog
            api={api}
            workbook={workbook}
            file={importing}
            locale={locale}
            onClose={(done) => {
              setImporting(null)
              if (done) setMessage({ text: done, error: false })
            }}
          />,
          document.body,
        )}
      {message && (
        <span className={message.error ? 'sp-export-error' : 'sp-export-status'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </span>
      )}
    </div>
  )
}
