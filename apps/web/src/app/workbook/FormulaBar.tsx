import { checkFormulaSyntax, getCellInput, observeWorkbook, Origin, renderInput, setCellFromText, type Workbook } from '@samplan/domain'
import { useCallback, useEffect, useState, type KeyboardEvent } from 'react'
import type { SelectedCell } from '../../grid/workbook-grid'
import type { UiLocale } from '../i18n'

interface Props {
  workbook: Workbook | null
  cell: SelectedCell | null
  /** The grid's rights for the selected cell (the server checks again). */
  editable: boolean
  locale: UiLocale
  label: string
  /** A key typed into a read-only bar: the grid says why beside the cell, keeping what was typed. */
  onRefused: (character?: string) => void
}

/** The address and the input of the selected cell, as typed (formulas in the UI language); Enter stores it. */
export function FormulaBar({ workbook, cell, editable, locale, label, onRefused }: Props) {
  const stored = useCallback(
    () => (workbook && cell ? renderInput(workbook, cell.sheetId, getCellInput(workbook, cell.sheetId, cell.rowId, cell.colId) ?? null, locale) : ''),
    [workbook, cell, locale],
  )
  const [text, setText] = useState('')
  // A formula that cannot be read (domain F13) is refused with this message.
  const [error, setError] = useState<string | null>(null)

  // Follows the cell: a colleague's edit, or a moved row that changes how its references read.
  useEffect(() => {
    setText(stored())
    setError(null)
    if (!workbook) return
    return observeWorkbook(workbook, () => setText(stored()))
  }, [workbook, stored])

  const commit = () => {
    if (!workbook || !cell || !editable) return
    const check = checkFormulaSyntax(text, locale)
    setError(check.ok ? null : locale === 'en' ? check.messageEn : check.message)
    if (check.ok) setCellFromText(workbook, cell.sheetId, cell.rowId, cell.colId, text, locale, Origin.LocalEdit)
  }

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const changes = (e.key.length === 1 && !e.ctrlKey && !e.metaKey) || e.key === 'Delete' || e.key === 'Backspace'
    if (!editable && changes) onRefused(e.key.length === 1 ? e.key : undefined)
    if (e.key === 'Enter') commit()
    if (e.key === 'Escape') {
      setText(stored())
      setError(null)
    }
  }

  return (
    <div className="sp-formula-bar">
      <span className="sp-address" data-testid="address">
        {cell?.address ?? ''}
      </span>
      <input
        aria-label={label}
        data-testid="formula-bar"
        value={text}
        readOnly={!editable}
        disabled={!cell}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {error && (
        <span className="sp-formula-error" role="alert" data-testid="formula-bar-error">
          {error}
        </span>
      )}
    </div>
  )
}
