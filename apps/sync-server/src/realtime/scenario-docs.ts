import { initScenario, listOverrides, newId, readScenarioMeta, type ScenarioMeta } from '@samplan/domain'
import * as Y from 'yjs'
import type { AuditRecord } from '../storage/audit'
import type { Store } from '../storage/store'
import { SerialQueue } from './serial-queue'

/** Marks a stored doc as a scenario of a workbook: `<workbookId>~<scenarioId>` (`~` is in no workbook id). */
const SCENARIO_SEPARATOR = '~'

/** The stored doc id of a scenario. */
export function scenarioDocId(workbookId: string, scenarioId: string): string {
  return `${workbookId}${SCENARIO_SEPARATOR}${scenarioId}`
}

/** Whether a stored doc is a scenario (listed under its workbook, never as a workbook of its own). */
export function isScenarioDocId(id: string): boolean {
  return id.includes(SCENARIO_SEPARATOR)
}

/**
 * The scenarios' docs (domain SPEC SC1): each a stored doc of its own, created, loaded and changed
 * through the store like a workbook's (so every change is a log row with its author and its
 * override cells in the audit trail), kept loaded once read, and changed one at a time per
 * scenario. A change is committed before the loaded doc keeps it; a failed commit drops the
 * loaded doc so the next read comes from the database. Every read and change first applies the
 * log rows after the last one this process read, so a change made through another server sharing
 * the database shows here too (applying a row twice changes nothing).
 */
export class ScenarioDocs {
  private readonly docs = new Map<string, Promise<Y.Doc>>()
  private readonly queues = new Map<string, SerialQueue>()
  /** The newest log seq each loaded doc has applied. */
  private readonly seqs = new Map<string, number>()

  constructor(private readonly store: Store) {}

  /** Metadata of every scenario of the workbook, deleted ones included (the caller filters by SC8). */
  async list(workbookId: string): Promise<{ meta: ScenarioMeta; overrideCount: number }[]> {
    const prefix = scenarioDocId(workbookId, '')
    const ids = (await this.store.listWorkbooks()).map((w) => w.id).filter((id) => id.startsWith(prefix))
    const out: { meta: ScenarioMeta; overrideCount: number }[] = []
    for (const id of ids) {
      const doc = await this.load(id)
      const meta = readScenarioMeta(doc)
      if (meta) out.push({ meta, overrideCount: listOverrides(doc).length })
    }
    return out.sort((a, b) => b.meta.createdAt.localeCompare(a.meta.createdAt))
  }

  /** Stores a new scenario; resolves with its metadata. */
  async create(init: Omit<ScenarioMeta, 'id' | 'createdAt'>): Promise<ScenarioMeta> {
    const meta: ScenarioMeta = { ...init, id: newId(), createdAt: new Date().toISOString() }
    const doc = new Y.Doc()
    initScenario(doc, meta)
    const id = scenarioDocId(meta.workbookId, meta.id)
    await this.store.createWorkbook({ id, title: meta.name, createdAt: meta.createdAt }, Y.encodeStateAsUpdate(doc))
    this.docs.set(id, Promise.resolve(doc))
    this.seqs.set(id, 0)
    return meta
  }

  /** The scenario's doc, or undefined when the workbook has no such scenario. */
  async get(workbookId: string, scenarioId: string): Promise<Y.Doc | undefined> {
    const id = scenarioDocId(workbookId, scenarioId)
    if (!this.docs.has(id) && !(await this.store.getWorkbook(id))) return undefined
    return this.catchUp(id, await this.load(id))
  }

  /**
   * Makes one change to a scenario's doc on a copy, commits its update with the audit entries
   * `change` returns, then applies it to the loaded doc. `change` may throw to refuse.
   */
  change<T>(
    workbookId: string,
    scenarioId: string,
    userId: string,
    change: (doc: Y.Doc) => { audit: AuditRecord[]; result: T },
  ): Promise<T> {
    const id = scenarioDocId(workbookId, scenarioId)
    let queue = this.queues.get(id)
    if (!queue) {
      queue = new SerialQueue()
      this.queues.set(id, queue)
    }
    return queue.run(async () => {
      const live = await this.catchUp(id, await this.load(id))
      const staged = new Y.Doc()
      Y.applyUpdate(staged, Y.encodeStateAsUpdate(live))
      const before = Y.encodeStateVector(staged)
      const { audit, result } = change(staged)
      const update = Y.encodeStateAsUpdate(staged, before)
      try {
        await this.store.commitUpdate(id, { update, userId, bind: [], audit, at: new Date().toISOString() })
      } catch (err) {
        this.docs.delete(id)
        throw err
      } finally {
        staged.destroy()
      }
      Y.applyUpdate(live, update)
      return result
    })
  }

  private load(id: string): Promise<Y.Doc> {
    let doc = this.docs.get(id)
    if (!doc) {
      // The head is read before the doc, so rows landing in between are applied again, never missed.
      doc = this.store.headSeq(id).then(async (seq) => {
        const loaded = await this.store.loadDoc(id)
        this.seqs.set(id, seq)
        return loaded
      })
      this.docs.set(id, doc)
      doc.catch(() => this.docs.delete(id))
    }
    return doc
  }

  /** Applies the log rows after the last one read (other servers' changes, and this one's own again). */
  private async catchUp(id: string, doc: Y.Doc): Promise<Y.Doc> {
    const after = this.seqs.get(id) ?? 0
    const entries = await this.store.updatesAfter(id, after)
    for (const entry of entries) Y.applyUpdate(doc, entry.update)
    const last = entries.at(-1)
    if (last && last.seq > (this.seqs.get(id) ?? 0)) this.seqs.set(id, last.seq)
    return doc
  }
}
