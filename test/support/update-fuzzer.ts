/**
 * A structure-aware fuzzer for the server's update gate. It keeps a mirror of
 * the server's document (read after every update through a long-lived reading
 * socket), builds crafted updates from it (fuzz-kinds.ts), sends each one on a
 * fresh socket as a läsare or as chef1 (Område 1), and then judges what the
 * server did against an oracle of the rights rules:
 *
 * - a läsare changes nothing; chef1 changes only RSU-platser cells of rows whose
 *   rowspec says Område 1, and nothing once the workbook is beslutad; every other
 *   root's JSON stays identical;
 * - a refused update (4403; 4400 only for undecodable bytes) changes nothing;
 * - clocks advance only under client ids that were new or already the sender's;
 * - the server holds nothing back (pending structs or deletes);
 * - a connected client (a läsare's provider) agrees with the server.
 *
 * Updates go one at a time, so each is judged on its own; every tenth round is
 * instead a burst of läsare updates on several sockets at once (nothing at all
 * may change). Legitimate edits made with real Y.Docs run in between (and must
 * be accepted), an ekonom moves chef1's row to another område part-way, and the
 * last share of the run happens after the admin has set the workbook to beslutad.
 */
import { getCellInput, getSheetGrid, openWorkbook, setCells, setRowSpec } from '@samplan/domain'
import { createRng, type Rng } from '@samplan/domain/testing'
import { isDeepStrictEqual } from 'node:util'
import * as Y from 'yjs'
import { fingerprint, rootJson, rootNameOf, stateVectorOf } from './doc-fingerprint'
import { KIND_NAMES, KINDS, type Crafted, type FuzzUser, type Gap, type KindContext } from './fuzz-kinds'
import { describeVerdict, postStatus, sendUpdate, settle, syncUrl, withTimeout, WORKBOOK, type Tokens, type Verdict } from './live-server'
import { RawSocket } from './raw-socket'
import type { ServerProcess } from './server-process'
import { cellsRoot, chefMayChange, copyDoc, ekonomCell, rowsOf, workbookLayout, type WorkbookLayout } from './workbook-layout'
import { encodeUpdateV1, encodeUpdateV2, type UpdateModel } from './yjs-update-encoder'
import { connectClient, type NodeClient } from './yjs-client'

export interface FuzzOptions {
  seed: number
  /** Crafted updates to send; the legitimate edits in between come on top. */
  count: number
  /** Share of the run after the workbook is beslutad. */
  beslutadShare?: number
  /** How many violation messages to keep (all are counted). */
  keepViolations?: number
  onProgress?: (done: number) => void
}

export interface KindTally {
  tried: number
  accepted: number
  /** Answered with a request for the sender's state, nothing applied (SPEC G4). */
  dropped: number
  /** Changed the server's document (any root, the state vector or the delete set). */
  landed: number
}

export interface FuzzReport {
  tally: Map<string, KindTally>
  /** Läsare bursts as wholes: tried, any update accepted, the document changed. */
  bursts: KindTally
  crafted: number
  violations: string[]
  violationCount: number
  /** The server's document as last read. */
  mirror: Y.Doc
  /** Why the run stopped early, if it did. */
  aborted?: string
}

type Sender = FuzzUser | 'ekonom'
const LEGIT_CHEF = 'legit (chef1, real Y.Doc)'
const LEGIT_EKONOM = 'legit (ekonom, real Y.Doc)'
const V2_AS_V1 = 'v2 bytes as v1'
/** Crafted updates a läsare sends at once, each on its own socket, in a burst. */
const BURST_SIZE = 8

export async function runUpdateFuzzer(server: ServerProcess, tokens: Tokens, options: FuzzOptions): Promise<FuzzReport> {
  const fuzzer = new UpdateFuzzer(server, tokens, options)
  try {
    await fuzzer.start()
    await fuzzer.run()
    await fuzzer.finalCheck()
  } finally {
    fuzzer.close()
  }
  return fuzzer.report()
}

/** The tally as a table for the run's log. */
export function formatTally(report: FuzzReport): string {
  const rows = [...report.tally].sort((a, b) => a[0].localeCompare(b[0]))
  const width = Math.max(4, ...rows.map(([k]) => k.length))
  const line = (k: string, t: Array<string | number>) => `${k.padEnd(width)}  ${t.map((v) => String(v).padStart(10)).join('')}`
  const total = rows.reduce((s, [, t]) => ({ tried: s.tried + t.tried, accepted: s.accepted + t.accepted, dropped: s.dropped + t.dropped, landed: s.landed + t.landed }), {
    tried: 0,
    accepted: 0,
    dropped: 0,
    landed: 0,
  })
  return [
    line('kind', ['tried', 'accepted', 'dropped', 'landed']),
    ...rows.map(([k, t]) => line(k, [t.tried, t.accepted, t.dropped, t.landed])),
    line('total', [total.tried, total.accepted, total.dropped, total.landed]),
    line(`läsare bursts of ${BURST_SIZE}`, [report.bursts.tried, report.bursts.accepted, '-', report.bursts.landed]),
    '(landed: changed the document; counted for updates sent alone, and per whole burst for the bursts)',
    `${report.crafted} crafted updates, ${report.violationCount} violations${report.aborted ? `, aborted: ${report.aborted}` : ''}`,
  ].join('\n')
}

class UpdateFuzzer {
  private readonly rng: Rng
  private readonly mirror = new Y.Doc()
  private probe!: RawSocket
  private observer!: NodeClient
  private layout!: WorkbookLayout
  /** Client id -> the user its structs belong to ('seed' for what the document started with, 'server' for the admin API's changes). */
  private readonly owners = new Map<number, string>()
  private readonly used = new Set<number>()
  private readonly gaps: Gap[] = []
  private readonly rootCache = new Map<string, ReturnType<typeof rootJson>>()
  private readonly tally = new Map<string, KindTally>()
  private readonly bursts: KindTally = { tried: 0, accepted: 0, dropped: 0, landed: 0 }
  private readonly violations: string[] = []
  private violationCount = 0
  private crafted = 0
  private aborted: string | undefined
  private chefClient = 0
  private ekonomClient = 0
  // What the latest mirror transaction did, and which roots the observer saw change since its last check.
  private mirrorLanded = false
  private readonly mirrorChanged = new Set<string>()
  private readonly observerChanged = new Set<string>()

  constructor(
    private readonly server: ServerProcess,
    private readonly tokens: Tokens,
    private readonly options: FuzzOptions,
  ) {
    this.rng = createRng(options.seed)
    this.mirror.on('afterTransaction', (tr: Y.Transaction) => {
      for (const type of tr.changed.keys()) this.mirrorChanged.add(rootNameOf(type))
    })
    this.mirror.on('update', () => {
      this.mirrorLanded = true
    })
  }

  async start(): Promise<void> {
    this.probe = new RawSocket(syncUrl(this.server, this.tokens.lasare))
    await this.refresh()
    for (const [client] of stateVectorOf(this.mirror)) this.owners.set(client, 'seed')
    for (const [name, type] of this.mirror.share) this.rootCache.set(name, rootJson(type as Y.AbstractType<unknown>))
    this.layout = workbookLayout(this.mirror)
    this.chefClient = this.fresh()
    this.ekonomClient = this.fresh()
    await this.connectObserver()
  }

  async run(): Promise<void> {
    const { count } = this.options
    const beslutadAt = Math.round(count * (1 - (this.options.beslutadShare ?? 0.3)))
    const moveAt = Math.round(beslutadAt * 0.4)
    let moved = false
    let decided = false
    for (let round = 0; this.crafted < count && !this.aborted; round++) {
      if (!moved && this.crafted >= moveAt) {
        moved = true
        await this.moveChefRow()
      }
      if (!decided && this.crafted >= beslutadAt) {
        decided = true
        await this.decide()
      }
      if (round % 10 === 5) await this.legitChefEdit()
      if (round % 50 === 20) await this.legitEkonomEdit()
      // Every tenth round is a burst of läsare updates sent at once: nothing at all may change.
      const burst = round % 10 === 9 && this.crafted + BURST_SIZE <= count
      const crafted = burst ? Array.from({ length: BURST_SIZE }, () => this.generate('lasare')) : [this.generate()]
      await this.exchange(
        crafted[0]!.user,
        crafted.map((c) => ({ kind: c.kind, bytes: this.encode(c), garbage: isGarbage(c) })),
      )
      for (const c of crafted) {
        if (c.plants) this.gaps.push(c.plants)
        if (this.gaps.length > 20) this.gaps.shift()
      }
      this.crafted += crafted.length
      this.options.onProgress?.(this.crafted)
    }
  }

  /** The server, the mirror and the observer hold the same document. */
  async finalCheck(): Promise<void> {
    if (this.aborted) return
    const probe = new RawSocket(syncUrl(this.server, this.tokens.lasare))
    try {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, await withTimeout(probe.fetchState(), 15_000, "the server's final state"))
      const expected = fingerprint(this.mirror)
      if (!isDeepStrictEqual(fingerprint(doc), expected)) this.violation('end', 'the server', "a fresh read differs from the fuzzer's mirror")
      await settle(this.observer)
      if (!isDeepStrictEqual(fingerprint(this.observer.doc), expected)) this.violation('end', 'the observer', 'disagrees with the server')
    } finally {
      probe.close()
    }
  }

  close(): void {
    this.probe?.close()
    try {
      this.observer?.destroy()
    } catch {
      // a provider whose client id a relayed attack reused may fail to leave cleanly
    }
  }

  report(): FuzzReport {
    return {
      tally: this.tally,
      bursts: this.bursts,
      crafted: this.crafted,
      violations: this.violations,
      violationCount: this.violationCount,
      mirror: this.mirror,
      aborted: this.aborted,
    }
  }

  private fresh(): number {
    for (;;) {
      const id = 1 + Math.floor(this.rng.next() * 0xfffffffe)
      if (Y.getState(this.mirror.store, id) === 0 && !this.used.has(id)) {
        this.used.add(id)
        return id
      }
    }
  }

  private context(): KindContext {
    const clientsOf = (pred: (owner: string | undefined) => boolean) =>
      stateVectorOf(this.mirror)
        .map(([client]) => client)
        .filter((client) => pred(this.owners.get(client)))
    return {
      rng: this.rng,
      mirror: this.mirror,
      layout: this.layout,
      fresh: () => this.fresh(),
      foreignClients: (user) => clientsOf((owner) => owner !== user),
      ownClients: (user) => clientsOf((owner) => owner === user),
      gaps: this.gaps,
    }
  }

  /** A crafted update of a random kind, as `only` (else chef1 or a läsare, or whom the kind names). */
  private generate(only?: FuzzUser): Crafted {
    const ctx = this.context()
    for (;;) {
      const asV2 = this.rng.bool(0.05)
      const name = this.rng.pick(KIND_NAMES)
      const user: FuzzUser = only ?? (this.rng.bool(0.6) ? 'chef1' : 'lasare')
      const built = KINDS[name]!(ctx, user)
      if (!built) continue
      const sender = only ?? built.user ?? user
      const plants = built.plants && { ...built.plants, user: sender }
      const crafted: Crafted = { kind: asV2 ? V2_AS_V1 : name, user: sender, model: built.model, plants, v2AsV1: asV2 }
      if (asV2 && !encodable(crafted.model)) continue
      return crafted
    }
  }

  private encode(crafted: Crafted): Uint8Array {
    return crafted.v2AsV1 ? encodeUpdateV2(crafted.model) : encodeUpdateV1(crafted.model)
  }

  /** Reads what the server has beyond the mirror into the mirror; returns whether anything changed and where. */
  private async refresh(): Promise<{ landed: boolean; changed: Set<string> }> {
    this.mirrorLanded = false
    this.mirrorChanged.clear()
    const closed = this.probe.closed.then((c): never => {
      throw new Error(`the reading socket was closed (${c.code} ${c.reason})`)
    })
    const diff = await withTimeout(Promise.race([this.probe.fetchDiff(Y.encodeStateVector(this.mirror)), closed]), 15_000, "the server's state")
    Y.applyUpdate(this.mirror, diff)
    return { landed: this.mirrorLanded, changed: new Set(this.mirrorChanged) }
  }

  /** Sends one update, reads the server's new state and judges it. */
  private async step(kind: string, user: Sender, bytes: Uint8Array, expect: { garbage?: boolean; legit?: boolean } = {}): Promise<void> {
    await this.exchange(user, [{ kind, bytes, ...expect }])
  }

  /**
   * Sends updates of one user at once, each on its own socket, then reads the
   * server's new state and judges it. A single update is judged on its own; in a
   * burst the changes cannot be told apart, so its landing is tallied per burst.
   */
  private async exchange(user: Sender, sends: Array<{ kind: string; bytes: Uint8Array; garbage?: boolean; legit?: boolean }>): Promise<void> {
    const layout = this.layout
    const svBefore = new Map(stateVectorOf(this.mirror))
    const pendingBefore = hasPending(this.mirror)
    const known = Y.encodeStateVector(this.mirror)
    let verdicts: Verdict[]
    let result: Awaited<ReturnType<UpdateFuzzer['refresh']>>
    try {
      verdicts = await Promise.all(sends.map((s) => sendUpdate(this.server, this.tokens[user], s.bytes, known)))
      result = await this.refresh()
    } catch (err) {
      this.aborted = `${sends.map((s) => s.kind).join(', ')} by ${user}: ${(err as Error).message}`
      this.violation(sends[0]!.kind, user, `the server stopped answering or its state cannot be read (${(err as Error).message})`)
      return
    }
    const single = sends.length === 1
    const label = single ? sends[0]!.kind : `burst of ${sends.length} (${sends.map((s) => s.kind).join(', ')})`
    const described = verdicts.map(describeVerdict).join(' | ')
    const fail = (message: string) => this.violation(label, user, `${message} [${described}]`)
    sends.forEach((send, i) => {
      const verdict = verdicts[i]!
      const { outcome } = verdict
      this.count(send.kind, { accepted: outcome.kind === 'accepted' && !verdict.askedForState, dropped: outcome.kind === 'accepted' && verdict.askedForState, landed: single && result.landed })
      const failOne = (message: string) => this.violation(send.kind, user, `${message} [${describeVerdict(verdict)}]`)
      if (outcome.kind === 'closed' && outcome.code !== 4403 && !(send.garbage && outcome.code === 4400)) failOne(`closed with ${outcome.code}`)
      if (single && outcome.kind === 'closed' && result.landed) failOne('refused, yet the document changed')
      if (send.legit && (outcome.kind !== 'accepted' || verdict.askedForState || !result.landed)) failOne('a legitimate edit was not kept')
    })
    if (!single) {
      this.bursts.tried++
      if (verdicts.some((v) => v.outcome.kind === 'accepted')) this.bursts.accepted++
      if (result.landed) this.bursts.landed++
    }
    if (!pendingBefore && hasPending(this.mirror)) fail('the server holds back structs or deletes it could not apply')
    if (result.landed) {
      this.judgeEffects(user, layout, result.changed, fail)
      this.judgeClientIds(user, svBefore, fail)
    }
    for (const root of result.changed) {
      const type = this.mirror.share.get(root) as Y.AbstractType<unknown> | undefined
      if (type) this.rootCache.set(root, rootJson(type))
    }
    if ([...result.changed].some((r) => !r.startsWith('cells:') && !r.startsWith('notes:'))) this.readLayout(label, user)
    await this.checkObserver(result.changed, label, user)
  }

  /** Re-reads the layout after structure changed; a workbook that lost its RSU or budget sheet keeps the old one. */
  private readLayout(kind: string, user: string): void {
    try {
      this.layout = workbookLayout(this.mirror)
    } catch (err) {
      this.violation(kind, user, `the workbook's layout is gone (${(err as Error).message})`)
    }
  }

  private count(kind: string, what: { accepted: boolean; dropped: boolean; landed: boolean }): void {
    const t = this.tally.get(kind) ?? { tried: 0, accepted: 0, dropped: 0, landed: 0 }
    t.tried++
    if (what.accepted) t.accepted++
    if (what.dropped) t.dropped++
    if (what.landed) t.landed++
    this.tally.set(kind, t)
  }

  /** The rights oracle: which roots and keys changed, against what the sender may change. */
  private judgeEffects(user: Sender, layout: WorkbookLayout, changed: Set<string>, fail: (m: string) => void): void {
    if (user === 'ekonom') return // the ekonom's edits are the legitimate background, not under test
    for (const root of changed) {
      const before = this.rootCache.get(root) ?? {}
      const type = this.mirror.share.get(root) as Y.AbstractType<unknown> | undefined
      const after = type ? rootJson(type) : {}
      if (isDeepStrictEqual(before, after)) continue
      if (user === 'lasare' || root !== cellsRoot(layout.rsuSheetId) || !isDeepStrictEqual(before.list, after.list)) {
        fail(`changed ${root}`)
        continue
      }
      const keys = new Set([...Object.keys(before.map ?? {}), ...Object.keys(after.map ?? {})])
      for (const key of keys) {
        if (isDeepStrictEqual(before.map?.[key], after.map?.[key])) continue
        if (!chefMayChange(layout, 'Område 1', root, key)) fail(`changed ${root}[${key}] (status ${layout.status})`)
      }
    }
  }

  /** Clocks may advance only under ids that were new (then bound to the sender) or already the sender's. */
  private judgeClientIds(user: Sender, svBefore: Map<number, number>, fail: (m: string) => void): void {
    for (const [client, clock] of stateVectorOf(this.mirror)) {
      const before = svBefore.get(client) ?? 0
      if (clock <= before) continue
      const owner = this.owners.get(client)
      if (owner === undefined && before === 0) this.owners.set(client, user)
      else if (owner !== user) fail(`wrote under client id ${client} of ${owner ?? 'nobody'}`)
    }
  }

  private async checkObserver(changed: Set<string>, kind: string, user: string): Promise<void> {
    try {
      await settle(this.observer)
    } catch (err) {
      this.violation(kind, user, `the observer lost its connection (${(err as Error).message})`)
      await this.reconnectObserver()
      return
    }
    const roots = new Set([...changed, ...this.observerChanged])
    this.observerChanged.clear()
    const jsonOf = (doc: Y.Doc, root: string) => {
      const type = doc.share.get(root) as Y.AbstractType<unknown> | undefined
      return type ? rootJson(type) : {}
    }
    const differing = [...roots].filter((r) => !isDeepStrictEqual(jsonOf(this.observer.doc, r), jsonOf(this.mirror, r)))
    const svDiffers = !isDeepStrictEqual(stateVectorOf(this.observer.doc), stateVectorOf(this.mirror))
    if (differing.length > 0 || svDiffers) {
      this.violation(kind, user, `the observer disagrees with the server (${svDiffers ? 'state vector ' : ''}${differing.join(', ')})`)
      await this.reconnectObserver()
    }
  }

  private async connectObserver(): Promise<void> {
    this.observer = await connectClient(this.server.wsUrl, WORKBOOK, this.tokens.lasare)
    this.observer.doc.on('afterTransaction', (tr: Y.Transaction) => {
      for (const type of tr.changed.keys()) this.observerChanged.add(rootNameOf(type))
    })
  }

  /** After a disagreement, a new observer starts from the server's state, so later steps are judged on their own. */
  private async reconnectObserver(): Promise<void> {
    try {
      this.observer.destroy()
    } catch {
      // see close()
    }
    this.observerChanged.clear()
    await this.connectObserver()
  }

  /** A real edit of chef1's own RSU-platser cell through a Y.Doc with a stable client id. */
  private async legitChefEdit(): Promise<void> {
    const ownRow = rowsOf(this.layout, 'Område 1')[0]
    if (!ownRow) return
    const doc = copyDoc(this.mirror, this.chefClient)
    const known = Y.encodeStateVector(doc)
    setCells(openWorkbook(doc), this.layout.rsuSheetId, [{ rowId: ownRow, colId: this.layout.platserColId, input: 1 + this.rng.int(500) }])
    await this.step(LEGIT_CHEF, 'chef1', Y.encodeStateAsUpdate(doc, known), { legit: this.layout.status !== 'beslutad' })
    doc.destroy()
  }

  /** A real budget edit by the ekonom, so another user's recent items exist to overlap, GC or copy. */
  private async legitEkonomEdit(): Promise<void> {
    const doc = copyDoc(this.mirror, this.ekonomClient)
    const known = Y.encodeStateVector(doc)
    let cell: ReturnType<typeof ekonomCell>
    try {
      cell = ekonomCell(doc, this.layout)
    } catch {
      return // only after a violation broke the budget sheet
    }
    const current = getCellInput(openWorkbook(doc), cell.sheetId, cell.rowId, cell.colId)
    setCells(openWorkbook(doc), cell.sheetId, [{ rowId: cell.rowId, colId: cell.colId, input: typeof current === 'number' ? current + 1 : 1 }])
    await this.step(LEGIT_EKONOM, 'ekonom', Y.encodeStateAsUpdate(doc, known), { legit: this.layout.status !== 'beslutad' })
    doc.destroy()
  }

  /** The ekonom moves chef1's row to Område 3 and Område 4's row to Område 1: gaps planted on the old row must never land. */
  private async moveChefRow(): Promise<void> {
    const from = rowsOf(this.layout, 'Område 1')[0]
    const to = rowsOf(this.layout, 'Område 4')[0]
    if (!from || !to) return
    const doc = copyDoc(this.mirror, this.ekonomClient)
    const known = Y.encodeStateVector(doc)
    const wb = openWorkbook(doc)
    const grid = getSheetGrid(wb, this.layout.rsuSheetId)
    const specOf = (rowId: string) => grid.rows[grid.rowIds.indexOf(rowId)] ?? { kind: 'data' as const }
    setRowSpec(wb, this.layout.rsuSheetId, from, { ...specOf(from), omrade: 'Område 3' })
    setRowSpec(wb, this.layout.rsuSheetId, to, { ...specOf(to), omrade: 'Område 1' })
    await this.step(LEGIT_EKONOM, 'ekonom', Y.encodeStateAsUpdate(doc, known), { legit: true })
    doc.destroy()
  }

  /** The admin decides the workbook through the API; from here on nobody may change anything. */
  private async decide(): Promise<void> {
    await postStatus(this.server, this.tokens.admin, 'inskickad')
    await postStatus(this.server, this.tokens.admin, 'beslutad')
    const svBefore = new Map(stateVectorOf(this.mirror))
    const { changed } = await this.refresh()
    for (const [client, clock] of stateVectorOf(this.mirror)) {
      if (clock > (svBefore.get(client) ?? 0) && !this.owners.has(client)) this.owners.set(client, 'server')
    }
    for (const root of changed) this.rootCache.set(root, rootJson(this.mirror.share.get(root) as Y.AbstractType<unknown>))
    this.readLayout('decide', 'admin')
    if (this.layout.status !== 'beslutad') this.violation('decide', 'admin', `the status is ${this.layout.status} after deciding`)
    await this.checkObserver(changed, 'decide', 'admin')
  }

  private violation(kind: string, user: string, message: string): void {
    this.violationCount++
    if (this.violations.length < (this.options.keepViolations ?? 40)) this.violations.push(`#${this.crafted} ${kind} by ${user}: ${message}`)
  }
}

function hasPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null
}

/** Bytes that are not a decodable update: v2 read as v1, or a content count the bytes do not hold. */
function isGarbage(crafted: Crafted): boolean {
  return crafted.v2AsV1 === true || crafted.model.clients.some((c) => c.structs.some((s) => s.kind === 'item' && 'declaredLength' in s.content))
}

/** v2 cannot express zero-length or descending delete ranges. */
function encodable(model: UpdateModel): boolean {
  try {
    encodeUpdateV2(model)
    return true
  } catch {
    return false
  }
}
