import * as Y from 'yjs'

/**
 * A doc's whole state as one update, encoded at most once per state of the doc: a fresh client's
 * sync, the staged doc and the formula engine all start from the same bytes. Right after a load
 * that is the stored snapshot itself, so a cold room encodes nothing until its doc changes.
 */
export class EncodedState {
  private bytes: Uint8Array | null = null
  private readonly forget = () => {
    this.bytes = null
  }

  constructor(private readonly doc: Y.Doc) {
    // Not 'update': a listener there makes Yjs encode every transaction's update just to be told of it.
    doc.on('afterTransaction', this.forget)
  }

  /** Takes `stored` as the doc's state (bytes the doc was built from and has not changed since). */
  seed(stored: Uint8Array): void {
    this.bytes = stored
  }

  /** `Y.encodeStateAsUpdate` of the doc as it is now; shared, so never modified. */
  get(): Uint8Array {
    this.bytes ??= Y.encodeStateAsUpdate(this.doc)
    return this.bytes
  }

  /** What a client at `stateVector` lacks: the shared whole state for a client that has nothing yet. */
  missingFrom(stateVector: Uint8Array): Uint8Array {
    return Y.decodeStateVector(stateVector).size === 0 ? this.get() : Y.encodeStateAsUpdate(this.doc, stateVector)
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.forget)
    this.bytes = null
  }
}
