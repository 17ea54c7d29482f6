import type Handsontable from 'handsontable/base'

/** Rows Handsontable draws beyond the view, above and below it (its `viewportRowRenderingOffset`). */
export const ROW_BAND = 6
/** Idle time a whole draw of the view asks for (a few ms on a quiet machine): a shorter idle period waits for the next. */
const DRAW_BUDGET_MS = 12
/** The longest a band waits for such an idle period. */
const WAIT_MS = 1_000

/**
 * Keeps rows drawn below and above the view, so that Enter on the last row in view, or a scroll of a
 * few rows, shows rows already drawn (Walkontable's fast draw moves them into view without drawing a
 * cell) instead of drawing the whole view while the key waits. Handsontable draws a new band only
 * when the view reaches the edge of the last one; after a vertical scroll that left less than half
 * of the band on a side, the view is drawn whole (the band centred on it again) once the page is idle
 * long enough for it, so the draw does not hold back a key or a frame (at the latest a second later).
 */
export class RowBand {
  private idle: number | undefined
  /** When the band started waiting for an idle period (0: not waiting). */
  private waitingSince = 0

  constructor(private readonly hot: Handsontable) {
    hot.addHook('afterScrollVertically', this.scrolled)
  }

  destroy(): void {
    if (this.idle !== undefined) cancelIdle(this.idle)
    this.idle = undefined
    this.waitingSince = 0
    this.hot.removeHook('afterScrollVertically', this.scrolled)
  }

  private readonly scrolled = () => {
    if (this.idle !== undefined) return
    this.waitingSince ||= performance.now()
    // At least 1: a timeout of 0 means none.
    const timeout = Math.max(1, WAIT_MS - (performance.now() - this.waitingSince))
    this.idle = whenIdle(timeout, (deadline) => {
      this.idle = undefined
      if (deadline && !deadline.didTimeout && deadline.timeRemaining() < DRAW_BUDGET_MS) return this.scrolled()
      this.waitingSince = 0
      this.refill()
    })
  }

  private refill(): void {
    const hot = this.hot
    if (hot.isDestroyed) return
    const firstDrawn = hot.getFirstRenderedVisibleRow()
    const lastDrawn = hot.getLastRenderedVisibleRow()
    const first = hot.getFirstFullyVisibleRow()
    const last = hot.getLastFullyVisibleRow()
    if (firstDrawn === null || lastDrawn === null || first === null || last === null) return
    const below = lastDrawn < hot.countRows() - 1 && lastDrawn - last < ROW_BAND / 2
    const above = firstDrawn > 0 && first - firstDrawn < ROW_BAND / 2
    if (below || above) hot.render()
  }
}

/** The page's next idle period (at most `timeout` ms away); a timer where the browser has no idle callbacks. */
function whenIdle(timeout: number, run: (deadline?: IdleDeadline) => void): number {
  if (typeof requestIdleCallback === 'function') return requestIdleCallback(run, { timeout })
  return window.setTimeout(() => run(), Math.min(timeout, 100))
}

function cancelIdle(handle: number): void {
  if (typeof cancelIdleCallback === 'function') cancelIdleCallback(handle)
  else clearTimeout(handle)
}
