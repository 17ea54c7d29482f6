/**
 * The cleanups of something opened in asynchronous steps (a connection, then the mirror, then
 * undo): they run in reverse order when it ends, and a step that finishes after the end is
 * cleaned up at once, so nothing outlives the component that asked for it.
 */
export class Lifetime {
  private readonly cleanups: Array<() => void> = []
  private over = false

  get ended(): boolean {
    return this.over
  }

  defer(cleanup: () => void): void {
    if (this.over) cleanup()
    else this.cleanups.push(cleanup)
  }

  end(): void {
    if (this.over) return
    this.over = true
    for (const cleanup of this.cleanups.splice(0).reverse()) cleanup()
  }
}
