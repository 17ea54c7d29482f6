import type { CellView } from './cell-view'

const OPTIONAL_DATA = ['peer', 'warning', 'overwritten', 'scenario'] as const
const PEER_COLOR = '--sp-peer-color'

/**
 * Puts a cell's view on its element (after Handsontable's base renderer), writing only what differs:
 * every write invalidates the cell's style or layout even when the value is the same, and a repaint
 * of the changed cells mostly finds their classes, hover text and marks as they were.
 */
export function paintCell(td: HTMLTableCellElement, view: CellView): void {
  // textContent, never innerHTML: cell text is user input.
  if (td.textContent !== view.text) td.textContent = view.text
  if (td.title !== view.title) td.title = view.title
  if (td.dataset.cell !== view.dataset.cell) td.dataset.cell = view.dataset.cell
  for (const key of OPTIONAL_DATA) {
    const value = view.dataset[key]
    if (value === undefined) {
      if (td.dataset[key] !== undefined) delete td.dataset[key]
    } else if (td.dataset[key] !== value) td.dataset[key] = value
  }
  const peerColor = td.style.getPropertyValue(PEER_COLOR)
  if (view.peerColor) {
    if (peerColor !== view.peerColor) td.style.setProperty(PEER_COLOR, view.peerColor)
  } else if (peerColor) td.style.removeProperty(PEER_COLOR)
  // Handsontable reuses cells while scrolling: our classes of the last cell drawn here go.
  const stale = [...td.classList].filter((name) => name.startsWith('sp-') && !view.classes.includes(name))
  if (stale.length > 0) td.classList.remove(...stale)
  const missing = view.classes.filter((name) => !td.classList.contains(name))
  if (missing.length > 0) td.classList.add(...missing)
}
