import { openWorkbook, type Workbook } from '@samplan/domain'
import * as Y from 'yjs'
import type { EncodedState } from './encoded-state'

/**
 * A copy of the live doc where the change being written is applied first: the audit reads its
 * new side here, and the server makes its own changes here, so the live doc only ever takes a
 * change once it is durable. Built from the live doc when first needed and after a failed write.
 */
export class StagedDoc {
  private current: Workbook | null = null

  constructor(
    private readonly live: Y.Doc,
    /** The live doc's state, encoded once and shared with the room's other copies. */
    private readonly liveState: EncodedState,
  ) {}

  /** The copy, equal to the live doc whenever no change is being written. */
  workbook(): Workbook {
    if (!this.current) {
      // Its own client id: the live doc would take its own id arriving from elsewhere as a clash and
      // change it. Once the server's changes made here reach the live doc, the id is one without an
      // owner there, which no user may extend (domain rule G3).
      const doc = new Y.Doc({ gc: this.live.gc })
      Y.applyUpdate(doc, this.liveState.get())
      this.current = openWorkbook(doc)
    }
    return this.current
  }

  /** Keeps the copy equal to the live doc when the live doc takes an entry another server appended. */
  follow(update: Uint8Array): void {
    if (this.current) Y.applyUpdate(this.current.doc, update)
  }

  /** Forgets the copy (it holds a change that was not stored). */
  discard(): void {
    this.current?.doc.destroy()
    this.current = null
  }
}
