/**
 * Work that the person does not wait for, run once the next frame has been painted: what a
 * selection move tells the rest of the page (the formula bar, the side panel, the address, the
 * status bar's figures, the live region, colleagues' cursors) must not hold back the frame that
 * shows the selection itself. Each job has a key, and only the newest job of a key runs, so a key
 * held down reports the cell it ends on once. Jobs run in the order their keys were first queued.
 */
/** After this long without a frame the page is not drawing (hidden): the jobs run anyway. */
const STALLED_FRAME_MS = 250

export class AfterPaint {
  private readonly jobs = new Map<string, () => void>()
  private frame = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private readonly channel = new MessageChannel()

  constructor() {
    // A message posted from an animation frame callback is handled after that frame's paint.
    this.channel.port1.onmessage = () => this.run()
  }

  /** Queues `job` under `key`, replacing a job of that key not yet run. */
  queue(key: string, job: () => void): void {
    this.jobs.set(key, job)
    if (this.timer !== undefined) return
    // A hidden page draws no frames (and one hidden before its frame came never draws it): then a
    // timer runs the jobs, long after any paint a visible page had to make.
    this.frame = requestAnimationFrame(() => this.channel.port2.postMessage(0))
    this.timer = setTimeout(() => this.run(), document.visibilityState === 'hidden' ? 0 : STALLED_FRAME_MS)
  }

  /** Runs the queued jobs now (before something reads what they report). */
  flush(): void {
    this.run()
  }

  destroy(): void {
    cancelAnimationFrame(this.frame)
    clearTimeout(this.timer)
    this.jobs.clear()
    this.channel.port1.close()
  }

  private run(): void {
    cancelAnimationFrame(this.frame)
    clearTimeout(this.timer)
    this.frame = 0
    this.timer = undefined
    const jobs = [...this.jobs.values()]
    this.jobs.clear()
    for (const job of jobs) job()
  }
}
