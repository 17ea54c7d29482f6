import type { SheetInfo } from '@samplan/domain'

/** The sheet tabs along the bottom, as in Excel and Sheets. */
export function SheetTabs({ sheets, active, onSelect }: { sheets: readonly SheetInfo[]; active: string | null; onSelect: (id: string) => void }) {
  return (
    <nav className="sp-tabs" aria-label="Blad">
      {sheets.map((sheet) => (
        <button key={sheet.id} type="button" className={sheet.id === active ? 'sp-tab sp-tab-active' : 'sp-tab'} onClick={() => onSelect(sheet.id)}>
          {sheet.name}
        </button>
      ))}
    </nav>
  )
}
