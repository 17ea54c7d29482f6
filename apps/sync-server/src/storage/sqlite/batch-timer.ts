/**
 * Runs `run` once work has waited `waitMs`, or on the next turn of the event loop once enough has
 * gathered (after the commit that brought it is relayed): the audit copy and the pending log's
 * moves batch their writes this way. The timer never keeps the process up.
 */
export class BatchTimer {
  private timer: ReturnType<typeof setTimeout> | null = null
  /** Whether the timer set is the next-turn one. */
  private due = false

  constructor(
    private readonly run: () => void,
    private readonly waitMs: number,
  ) {}

  /** Work waits; `due`: enough has gathered to run on the next turn rather than after the wait. */
  note(due: boolean): void {
    if (this.timer && (this.due || !due)) return
    if (this.timer) clearTimeout(this.timer)
    this.due = due
    this.timer = setTimeout(
      () => {
        this.timer = null
        this.due = false
        this.run()
      },
      due ? 0 : this.waitMs,
    )
    this.timer.unref()
  }

  /** Nothing waits any more (it was done, or the file is closing). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.due = false
  }
}
