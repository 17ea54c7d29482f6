import { openWorkbook, type Workbook } from '@samplan/domain'
import * as Y from 'yjs'
import type { EncodedState } from './encoded-state'

/**
 * Updates the live doc applied that the copy has not taken yet: past this many they are applied
 * at once, in one transaction, so the list stays short and catching up is never a long pause.
 */
const MAX_LAG = 64

/**
 * A copy of the live doc where changes not yet durable are applied: the updates of a turn already
 * accepted (the next one is judged against them), and the changes the server makes itself, so
 * the live doc only ever takes a change once it is durable. Built from the live doc when first
 * needed and after a failed write.
 *
 * It follows the live doc lazily: most turns hold one update, judged against the live doc itself,
 * so the copy is not needed and taking every update one transaction each would double the work of
 * applying them. The updates the live doc applied are kept and applied together when the copy is
 * next used, or when enough have gathered (applying one it already holds changes nothing).
 */
export class StagedDoc {
  private current: Workbook | null = null
  private lag: Uint8Array[] = []

  constructor(
    private readonly live: Y.Doc,
    /** The live doc's state, encoded once and shared with the room's other copies. */
    private readonly liveState: EncodedState,
  ) {}

  /** The copy: the live doc plus what was applied here (`take`) and is not durable yet. */
  workbook(): Workbook {
    if (!this.current) {
      // Its own client id: the live doc would take its own id arriving from elsewhere as a clash and
      // change it. Once the server's changes made here reach the live doc, the id is one without an
      // owner there, which no user may extend (domain rule G3).
      const doc = new Y.Doc({ gc: this.live.gc })
      Y.applyUpdate(doc, this.liveState.get())
      this.current = openWorkbook(doc)
      this.lag = []
    }
    this.catchUp()
    return this.current
  }

  /** Applies an accepted update that is not durable yet (the live doc takes it once it is). */
  take(update: Uint8Array): void {
    Y.applyUpdate(this.workbook().doc, update)
  }

  /** The live doc applied `update` (durable): the copy takes it too, now or with the next ones. */
  follow(update: Uint8Array): void {
    if (!this.current) return
    this.lag.push(update)
    if (this.lag.length >= MAX_LAG) this.catchUp()
  }

  /** Forgets the copy (it holds a change that was not stored). */
  discard(): void {
    this.current?.doc.destroy()
    this.current = null
    this.lag = []
  }

  private catchUp(): void {
    const doc = this.current?.doc
    if (!doc || this.lag.length === 0) return
    const lag = this.lag
    this.lag = []
    // One transaction for all of them: the per-transaction work (state vectors, cleanup) is paid once.
    doc.transact(() => {
      for (const update of lag) Y.applyUpdate(doc, update)
    })
  }
}
