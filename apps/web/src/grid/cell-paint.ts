import type { CellView } from './cell-view'

const OPTIONAL_DATA = ['peer', 'warning', 'overwritten', 'scenario'] as const

/** Puts a cell's view on its element (after Handsontable's base renderer and the removal of the last `sp-` classes). */
export function paintCell(td: HTMLTableCellElement, view: CellView): void {
  // textContent, never innerHTML: cell text is user input.
  td.textContent = view.text
  td.title = view.title
  td.dataset.cell = view.dataset.cell
  for (const key of OPTIONAL_DATA) {
    const value = view.dataset[key]
    if (value === undefined) delete td.dataset[key]
    else td.dataset[key] = value
  }
  if (view.peerColor) td.style.setProperty('--sp-peer-color', view.peerColor)
  else td.style.removeProperty('--sp-peer-color')
  td.classList.add(...view.classes)
}
