import { checkFormulaSyntax, getCellInput, observeWorkbook, Origin, renderInput, setCellFromText, type Workbook } from '@samplan/domain'
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { PickTarget, SelectedCell } from '../../grid/workbook-grid'
import { FormulaAssist } from '../formula-help/formula-assist'
import { messages, type UiLocale } from '../i18n'

interface Props {
  workbook: Workbook | null
  cell: SelectedCell | null
  /** The grid's rights for the selected cell (the server checks again). */
  editable: boolean
  locale: UiLocale
  label: string
  /** A key typed into a read-only bar: the grid says why beside the cell, keeping what was typed. */
  onRefused: (character?: string) => void
  /** While the bar has the focus, clicks on cells write references into its formula (the grid's point mode). */
  onPickTarget?: (target: PickTarget | null) => void
  /** Shows a sheet: the one of the cell whose formula was finished on another sheet. */
  onShowSheet?: (sheetId: string) => void
}

/** The address and the input of the selected cell, as typed (formulas in the UI language); Enter stores it. */
export function FormulaBar({ workbook, cell, editable: selectedEditable, locale, label, onRefused, onPickTarget, onShowSheet }: Props) {
  /**
   * The cell whose input is being typed, kept while the grid shows another sheet (no cell is selected
   * there), so its cells can be clicked into the formula as `Blad!A1`, as in Excel.
   */
  const [pinned, setPinned] = useState<{ cell: SelectedCell; editable: boolean } | null>(null)
  const at = pinned?.cell ?? cell
  const editable = pinned ? pinned.editable : selectedEditable
  const stored = useCallback(
    () => (workbook && at ? renderInput(workbook, at.sheetId, getCellInput(workbook, at.sheetId, at.rowId, at.colId) ?? null, locale) : ''),
    [workbook, at, locale],
  )
  const [text, setText] = useState('')
  // Another cell chosen in the grid ends an edit left open, as before; a sheet switch (no cell) or
  // the grid reporting the same cell again (a colleague's change redraws it) keeps it.
  useEffect(() => {
    if (cell) setPinned((was) => (was && sameCell(was.cell, cell) ? was : null))
  }, [cell])
  // A formula that cannot be read (domain F13) is refused with this message.
  const [error, setError] = useState<string | null>(null)
  const field = useRef<HTMLInputElement>(null)

  // Function names, argument hints and F4, as in the cell editor.
  useEffect(() => {
    if (!field.current) return
    const assist = new FormulaAssist(field.current, locale, () => ({ functions: messages(locale).formulas.functions }))
    return () => assist.destroy()
  }, [locale])

  const offerPicking = () => {
    if (field.current && at && editable) onPickTarget?.({ field: field.current, sheetId: at.sheetId })
  }

  // Follows the cell: a colleague's edit, or a moved row that changes how its references read.
  // Not while the user types: their text is not taken from under them.
  const typing = pinned !== null
  useEffect(() => {
    setText(stored())
    setError(null)
  }, [stored])
  useEffect(() => {
    if (!workbook || typing) return
    return observeWorkbook(workbook, () => setText(stored()))
  }, [workbook, stored, typing])

  /** Ends the edit; back on the cell's own sheet when the formula took references from another. */
  const finish = () => {
    setPinned(null)
    if (pinned && !cell) onShowSheet?.(pinned.cell.sheetId)
  }

  const commit = () => {
    if (!workbook || !at || !editable) return
    const check = checkFormulaSyntax(text, locale)
    setError(check.ok ? null : locale === 'en' ? check.messageEn : check.message)
    if (!check.ok) return
    setCellFromText(workbook, at.sheetId, at.rowId, at.colId, text, locale, Origin.LocalEdit)
    // As stored (`=summa(b2)` reads `=SUMMA(B2)`): the edit was not followed while it was typed.
    setText(stored())
    finish()
  }

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const changes = (e.key.length === 1 && !e.ctrlKey && !e.metaKey) || e.key === 'Delete' || e.key === 'Backspace'
    if (!editable && changes) onRefused(e.key.length === 1 ? e.key : undefined)
    if (e.key === 'Enter') commit()
    if (e.key === 'Escape') {
      setText(stored())
      setError(null)
      finish()
    }
  }

  return (
    <div className="sp-formula-bar">
      <span className="sp-address" data-testid="address">
        {cell?.address ?? ''}
      </span>
      <input
        ref={field}
        aria-label={label}
        data-testid="formula-bar"
        value={text}
        readOnly={!editable}
        disabled={!at}
        // While a formula is being typed, a click on any sheet's cell writes its reference here.
        data-point-mode={pinned && text.startsWith('=') ? 'on' : undefined}
        onChange={(e) => {
          setText(e.target.value)
          if (!pinned && cell) setPinned({ cell, editable })
        }}
        onKeyDown={onKeyDown}
        onFocus={offerPicking}
        onBlur={() => {
          if (!pinned || !text.startsWith('=')) onPickTarget?.(null)
        }}
      />
      {error && (
        <span className="sp-formula-error" role="alert" data-testid="formula-bar-error">
          {error}
        </span>
      )}
    </div>
  )
}

function sameCell(a: SelectedCell, b: SelectedCell): boolean {
  return a.sheetId === b.sheetId && a.rowId === b.rowId && a.colId === b.colId
}
