import * as Y from 'yjs'
import { targetOf, type UpdateTarget } from './update-target'

export type EffectsVerdict = { ok: true; targets: UpdateTarget[] } | { ok: false; reason: string }

/**
 * What a transaction did to a document, read off the integrated structs rather
 * than off the bytes that caused it (SPEC [G1]): every new item where Yjs
 * actually linked it, every item it actually deleted. A new item must sit in a
 * root type of the workbook, between neighbours of the same parent and key; an
 * item linked into one list while claiming another parent (a borrowed origin),
 * a struct without content, or anything below a root makes the whole
 * transaction unattributable, and it is refused.
 */
export function effectsOfTransaction(tr: Y.Transaction): EffectsVerdict {
  const targets: UpdateTarget[] = []
  const roots = rootNamesOf(tr.doc)
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0
    if (after <= before) continue
    const structs = tr.doc.store.clients.get(client) ?? []
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i] as Y.Item | Y.GC
      if (!(struct instanceof Y.Item)) return refuse('uppdateringen gör anspråk på ändringar utan innehåll')
      const root = roots.of(struct)
      if (root === null) return refuse('uppdateringen ändrar något utanför arbetsbokens rottyper')
      if (!sameList(struct, struct.left) || !sameList(struct, struct.right)) {
        return refuse('uppdateringen placerar innehåll någon annanstans än den anger')
      }
      // Deleted content set at a map key removes that key's value; in a list it inserts nothing.
      const deleted = struct.content instanceof Y.ContentDeleted
      const content: unknown[] = deleted ? [] : struct.content.getContent()
      const change = deleted && struct.parentSub !== null ? 'delete' : 'insert'
      targets.push(targetOf(root, struct.parentSub, change, content))
    }
  }
  let failure: EffectsVerdict | null = null
  Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
    if (failure !== null || !(struct instanceof Y.Item)) return
    // Items created by this transaction are judged where they were inserted.
    if (struct.id.clock >= (tr.beforeState.get(struct.id.client) ?? 0)) return
    const root = roots.of(struct)
    if (root === null) {
      failure = refuse('uppdateringen raderar något utanför arbetsbokens rottyper')
      return
    }
    targets.push(targetOf(root, struct.parentSub, 'delete', struct.content.getContent()))
  })
  return failure ?? { ok: true, targets }
}

/** Whether a neighbour in the linked list belongs to the same parent and key. */
function sameList(item: Y.Item, neighbour: Y.Item | null): boolean {
  return neighbour === null || (neighbour.parent === item.parent && neighbour.parentSub === item.parentSub)
}

/** The root name of `type` in `doc`, or null when it is not one of the doc's root types. */
export function rootNameOf(doc: Y.Doc, type: unknown): string | null {
  return rootNamesOf(doc).ofType(type)
}

/** Each doc's root names, kept between transactions. */
const rootNamesByDoc = new WeakMap<Y.Doc, RootNames>()

function rootNamesOf(doc: Y.Doc): RootNames {
  let names = rootNamesByDoc.get(doc)
  if (!names) {
    names = new RootNames(doc)
    rootNamesByDoc.set(doc, names)
  }
  return names
}

/**
 * Root type names by type. Read again from the doc when a parent is not found: a root first made
 * by an update is replaced by its typed instance once someone reads it as a map or array.
 */
class RootNames {
  private names = new Map<unknown, string>()
  constructor(private readonly doc: Y.Doc) {
    this.read()
  }

  /** The root name of the item's parent, or null when the parent is not a root type of this doc. */
  of(item: Y.Item): string | null {
    return this.ofType(item.parent)
  }

  /** The root name of a type, or null when it is not a root type of this doc. */
  ofType(type: unknown): string | null {
    if (!(type instanceof Y.AbstractType) || type._item !== null) return null
    const known = this.names.get(type)
    if (known !== undefined) return known
    this.read()
    return this.names.get(type) ?? null
  }

  private read(): void {
    this.names = new Map()
    for (const [name, type] of this.doc.share) this.names.set(type, name)
  }
}

function refuse(reason: string): EffectsVerdict {
  return { ok: false, reason }
}
