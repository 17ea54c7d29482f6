import { getSheetGrid, type SheetInfo, type Workbook } from '@samplan/domain'
import { useEffect, useRef, useState, type RefObject } from 'react'
import type { SelectedCell, WorkbookGrid } from '../../grid/workbook-grid'
import type { Messages } from '../i18n'
import { formatWorkbookPath, parseWorkbookPath, resolveDeepLink, type DeepLink } from './deep-link'

interface Options {
  workbookId: string
  workbook: Workbook | undefined
  sheets: readonly SheetInfo[]
  activeSheet: string | null
  setActiveSheet: (sheetId: string) => void
  selected: SelectedCell | null
  grid: RefObject<WorkbookGrid | null>
  t: Messages
}

/**
 * The address bar names the sheet and cell in view (`/w/vp-2024/RSU!F3`): a link opens there,
 * moving the selection rewrites the address in place, switching sheets adds a history entry
 * (Back returns to the sheet before). A link to a sheet or cell the workbook lacks opens the
 * first sheet; the returned notice says why (null otherwise).
 */
export function useDeepLink(options: Options): [string | null, () => void] {
  const { workbookId, workbook, sheets, activeSheet, setActiveSheet, selected, grid, t } = options
  const [link, setLink] = useState<DeepLink | null>(() => parseWorkbookPath(location.pathname))
  const [pending, setPending] = useState<{ sheetId: string; row: number; col: number } | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  /** The link last applied; the address is only written once the one we opened with is applied. */
  const applied = useRef<DeepLink | null | undefined>(undefined)
  /** The sheet a link leads to, until the tabs show it: the address is not written for the sheet before. */
  const leadsTo = useRef<string | null>(null)
  /** The sheet the address last named, by id: a renamed sheet is the same place. */
  const written = useRef<string | null>(null)
  const ready = !!workbook && sheets.length > 0

  useEffect(() => {
    const onPop = () => setLink(parseWorkbookPath(location.pathname))
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [])

  useEffect(() => {
    if (!ready || !workbook || applied.current === link) return
    applied.current = link
    const target = resolveDeepLink(link ?? {}, sheets, (sheetId) => {
      const sheet = getSheetGrid(workbook, sheetId)
      return { rows: sheet.rowIds.length, cols: sheet.colIds.length }
    })
    leadsTo.current = target.sheetId
    if (target.sheetId) setActiveSheet(target.sheetId)
    if (target.ok) {
      setNotice(null)
      setPending(target.cell ? { sheetId: target.sheetId, ...target.cell } : null)
      return
    }
    const first = sheets[0]?.name ?? ''
    setNotice(
      target.reason === 'unknown-sheet'
        ? t.links.unknownSheet(link?.sheet ?? '', first)
        : t.links.unknownCell(link?.cell ?? '', link?.sheet ?? '', first),
    )
    setPending(null)
  }, [ready, workbook, link, sheets, setActiveSheet, t])

  // After the grid has shown the sheet (its effect runs before this one).
  useEffect(() => {
    if (pending && pending.sheetId === activeSheet && grid.current?.selectCell(pending.row, pending.col) !== undefined) setPending(null)
  }, [pending, activeSheet, grid])

  useEffect(() => {
    if (!ready || applied.current === undefined || pending) return
    if (leadsTo.current && leadsTo.current !== activeSheet) return
    leadsTo.current = null
    const sheet = sheets.find((s) => s.id === activeSheet)?.name
    const cell = selected && selected.sheetId === activeSheet ? selected.address : undefined
    const path = formatWorkbookPath({ workbookId, ...(sheet ? { sheet } : {}), ...(cell ? { cell } : {}) })
    const before = written.current
    written.current = activeSheet
    if (path === location.pathname) return
    // A sheet change is a place to go back to; a cell change or a rename is not.
    if (before !== null && before !== activeSheet) history.pushState(null, '', path)
    else history.replaceState(null, '', path)
  }, [ready, pending, sheets, activeSheet, selected, workbookId])

  return [notice, () => setNotice(null)]
}
