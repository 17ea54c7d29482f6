/**
 * Whether Handsontable may open its editor in place for this event.
 *
 * Handsontable (Walkontable) makes its own double click out of any two mouse-ups on the same
 * cell within 500 ms and opens the editor with the cell's old text, caret at the end, so the
 * next keystrokes are appended (`39193` + `39194` → `3919339194`). It never asks the browser,
 * which counts clicks by the system's double-click time and distance and reports the count in
 * `MouseEvent.detail`. Two separate clicks (a click to select, a click to make sure) have
 * `detail` 1 each: they select, and typing then replaces the value, as in Excel and Sheets.
 * A real double click (`detail` 2 on its second mouse-up) still edits in place, as does F2.
 *
 * Returns false to refuse the opening, undefined to leave the decision to Handsontable.
 */
export function mayOpenEditorFor(event: unknown): false | undefined {
  if (typeof MouseEvent !== 'undefined' && event instanceof MouseEvent && event.detail < 2) return false
  return undefined
}
