import { GridNotice } from './grid-notice'

/**
 * What a cell has to say beside it, where the user is looking: why its input is flagged
 * (`Ange ett heltal: 2,5 har decimaler …`) and who wrote over whose value, and when. Shown when
 * the cell is selected, when it has just been committed, or when a colleague has just written
 * over my value; the same text stays in the cell's tooltip.
 */
export class CellHint {
  private readonly notice: GridNotice
  private about: string | null = null

  constructor(host: HTMLElement, private readonly closeLabel: () => string) {
    this.notice = new GridNotice(host, 'cell-hint', 'status')
  }

  /** Shows the lines beside the cell of `key`; with no lines, nothing changes. */
  show(key: string, lines: readonly string[], anchor: () => HTMLElement | null): void {
    if (lines.length === 0) return
    this.about = key
    this.notice.show(anchor, {
      text: lines.join('\n'),
      close: { label: this.closeLabel(), onClick: () => this.hide() },
    })
  }

  isAbout(key: string): boolean {
    return this.notice.visible && this.about === key
  }

  hide(): void {
    this.about = null
    this.notice.hide()
  }

  reposition(): void {
    this.notice.reposition()
  }

  destroy(): void {
    this.notice.destroy()
  }
}
