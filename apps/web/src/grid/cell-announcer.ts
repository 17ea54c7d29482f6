/** The words a screen reader hears about the grid and its selected cell, in the UI language. */
export interface CellAnnouncementLabels {
  /** The grid's accessible name (`Kalkylblad`). */
  grid: string
  /** Said after the value of a cell the user may not change (`låst`). */
  locked: string
  /** Said in place of the value of an empty cell (`tom`). */
  empty: string
  /** The accessible name of the cell editor while it is open on `address`. */
  editor: (address: string) => string
}

/** What a screen reader says when the selection lands on a cell: `B3, 20 684,1, låst`. */
export function cellAnnouncement(address: string, text: string, locked: boolean, labels: CellAnnouncementLabels): string {
  const parts = [address, text.trim() || labels.empty]
  if (locked) parts.push(labels.locked)
  return parts.join(', ')
}

/**
 * The grid for screen readers. Handsontable moves the focus onto the selected cell, a bare table
 * cell once its own ARIA roles are off (hot-settings.ts), so a screen reader would hear the value
 * alone: a visually hidden polite live region beside the grid says the cell's address, the value as
 * shown and whether it is locked, and the hidden cell editor is named after the cell it edits. The
 * grid itself (`grid`, Handsontable's root wrapper, which holds the focus catchers Tab enters it by)
 * is a named `application`, so a screen reader passes the arrows on to it.
 */
export class CellAnnouncer {
  private readonly region: HTMLDivElement
  private address: string | null = null

  constructor(
    host: HTMLElement,
    private readonly grid: HTMLElement,
    private readonly labels: () => CellAnnouncementLabels,
  ) {
    grid.setAttribute('role', 'application')
    grid.setAttribute('aria-label', labels().grid)
    // The scrolling table must be reachable by keyboard when it overflows (WCAG 2.1.1); focused, the grid takes the keys.
    grid.querySelector('.ht_master > .wtHolder')?.setAttribute('tabindex', '0')
    const region = document.createElement('div')
    region.className = 'sp-visually-hidden'
    region.setAttribute('aria-live', 'polite')
    region.setAttribute('aria-atomic', 'true')
    region.dataset.testid = 'cell-announcement'
    host.appendChild(region)
    this.region = region
  }

  announce(address: string, text: string, locked: boolean): void {
    this.address = address
    this.region.textContent = cellAnnouncement(address, text, locked, this.labels())
    this.tidy()
  }

  clear(): void {
    this.region.textContent = ''
  }

  /**
   * After each draw: names the cell editor after the selected cell (Handsontable makes the editor
   * only after the first selection), and drops the `aria-selected` Handsontable puts on selected
   * cells even with its ARIA roles off, where a plain table cell may not carry it.
   */
  tidy(): void {
    const editor = this.grid.querySelector('textarea.handsontableInput')
    const name = this.address ? this.labels().editor(this.address) : null
    if (editor && name && editor.getAttribute('aria-label') !== name) editor.setAttribute('aria-label', name)
    for (const cell of this.grid.querySelectorAll('[aria-selected]')) cell.removeAttribute('aria-selected')
  }

  destroy(): void {
    this.region.remove()
  }
}
