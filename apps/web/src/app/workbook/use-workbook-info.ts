import { getWorkbookInfo, listSheets, observeWorkbook, type SheetInfo, type Workbook, type WorkbookStatus } from '@samplan/domain'
import { useEffect, useState } from 'react'

export interface WorkbookInfoView {
  title: string
  status: WorkbookStatus
  sheets: SheetInfo[]
}

const NONE: WorkbookInfoView = { title: '', status: 'utkast', sheets: [] }

/**
 * Title, workflow status and sheets, live from the Y.Doc: the header, the tabs and the
 * versions dialog of every connected user follow a change at once, whoever made it. Specs count
 * because they decide which cells the user may edit.
 */
export function useWorkbookInfo(workbook: Workbook | undefined): WorkbookInfoView {
  const [info, setInfo] = useState<WorkbookInfoView>(NONE)
  useEffect(() => {
    if (!workbook) return
    const read = () => {
      const { title, status } = getWorkbookInfo(workbook)
      setInfo({ title, status, sheets: listSheets(workbook) })
    }
    read()
    return observeWorkbook(workbook, (change) => {
      if (change.sheetsChanged || change.infoChanged || change.specsChanged.length > 0) read()
    })
  }, [workbook])
  return info
}

/** The sheet the user looks at: their choice while it exists, else the first. */
export function useActiveSheet(sheets: readonly SheetInfo[]): [string | null, (sheetId: string) => void] {
  const [chosen, setChosen] = useState<string | null>(null)
  const active = chosen && sheets.some((s) => s.id === chosen) ? chosen : (sheets[0]?.id ?? null)
  return [active, setChosen]
}
