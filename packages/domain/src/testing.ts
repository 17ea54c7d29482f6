/**
 * Test seams for Samplan's workbook model (`@samplan/domain/testing`): an
 * in-memory N-peer network with seeded random delivery and partitions,
 * a convergence check and A1 helpers. No test framework is imported: checks
 * throw, so any runner (vitest, a soak script) can use them.
 */
import * as Y from 'yjs'
import { columnIndex, columnLetters } from './formula/a1'
import { renderInput } from './input/text'
import { getSheetGrid, getWorkbookInfo, listSheets } from './model/read'
import { isFormula, openWorkbook, sheetRoots, type ColId, type RowId, type SheetId, type Workbook } from './model/workbook'
import { addSheet } from './operations/sheets'
import { insertRows } from './operations/structure'
import { initWorkbook } from './operations/workbook-info'
import type { ColumnSpec } from './schema/sheet'

/** A seeded PRNG (mulberry32): same seed, same sequence. */
export interface Rng {
  next(): number
  int(maxExclusive: number): number
  pick<T>(items: readonly T[]): T
  bool(pTrue?: number): boolean
}

/** Creates a seeded PRNG. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (max: number) => Math.floor(next() * max)
  return {
    next,
    int,
    pick: <T>(items: readonly T[]) => {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[int(items.length)]!
    },
    bool: (p = 0.5) => next() < p,
  }
}

/** 0-based position of an A1 address: a1('B3') -> { col: 1, row: 2 }. */
export function a1(address: string): { col: number; row: number } {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(address)
  if (!m) throw new Error(`Not an A1 address: ${address}`)
  return { col: columnIndex(m[1]!), row: Number(m[2]) - 1 }
}

/** A1 text of a 0-based position. */
export function toA1(col: number, row: number): string {
  return `${columnLetters(col)}${row + 1}`
}


/** A workbook with two sheets, Budget and Volym, of `rows` rows and `cols` number columns each. */
export function budgetAndVolym(rows: number, cols: number): { wb: Workbook; budget: SheetId; volym: SheetId } {
  const number: ColumnSpec = { label: 'Tal', type: 'number', editable: 'ekonom' }
  const wb = openWorkbook(new Y.Doc())
  initWorkbook(wb, { title: 'Test' })
  const budget = addSheet(wb, { name: 'Budget', kind: 'budget', columns: Array(cols).fill(number) })
  const volym = addSheet(wb, { name: 'Volym', kind: 'volym', columns: Array(cols).fill(number) })
  insertRows(wb, budget, 0, rows)
  insertRows(wb, volym, 0, rows)
  return { wb, budget, volym }
}

/** Row and column ids of the cell now at an A1 address; throws when outside the grid. */
export function cellAt(wb: Workbook, sheetId: SheetId, address: string): { rowId: RowId; colId: ColId } {
  const { col, row } = a1(address)
  const grid = getSheetGrid(wb, sheetId)
  const rowId = grid.rowIds[row]
  const colId = grid.colIds[col]
  if (rowId === undefined || colId === undefined) throw new Error(`${address} is outside the grid of ${grid.sheet.name}`)
  return { rowId, colId }
}

const NETWORK = Symbol('test-network')

export interface TestPeer {
  readonly index: number
  readonly doc: Y.Doc
  readonly wb: Workbook
  online: boolean
}

export interface TestNetwork {
  readonly peers: TestPeer[]
  readonly rng: Rng
  /** Delivers up to `count` random pending messages between online peers (any order); returns how many. */
  deliverRandom(count?: number): number
  /** Delivers every pending message from one peer to another (those that may be delivered in causal mode); returns how many. */
  deliver(from: number, to: number): number
  /** Randomly takes peers off- and online. */
  shufflePartitions(pOffline?: number): void
  /** Brings every peer online and delivers everything, in random order. */
  flush(): void
  /** Messages not yet delivered. */
  pending(): number
  destroy(): void
}

/** Options of createTestNetwork. */
export interface TestNetworkOptions {
  /**
   * 'any': messages arrive in any order (Yjs buffers updates until their
   * dependencies arrive). 'causal': random interleaving and partitions, but an
   * update is delivered only after everything its sender had seen, as a relay
   * server (y-websocket) delivers. Default 'any'.
   */
  order?: 'any' | 'causal'
}

interface Message {
  update: Uint8Array
  /** The sender's state vector before the update: what it had seen. */
  seen: Map<number, number>
}

/**
 * N peers, each with its own Y.Doc and a seeded id generator. Every local
 * update is queued for every other peer and delivered later in random order.
 */
export function createTestNetwork(peerCount: number, seed: number, options: TestNetworkOptions = {}): TestNetwork {
  const causal = options.order === 'causal'
  const rng = createRng(seed)
  const idRng = createRng(seed ^ 0x5eed)
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
  const seededId = () => {
    let id = ''
    for (let i = 0; i < 10; i++) id += alphabet[idRng.int(62)]
    return id
  }
  // queues[from][to]: updates produced by `from` not yet applied by `to`
  const queues: Message[][][] = []
  const peers: TestPeer[] = []
  const unsubscribe: Array<() => void> = []
  for (let i = 0; i < peerCount; i++) {
    const doc = new Y.Doc()
    // Deterministic client ids make Yjs' tie-breaks, and so every seed, reproducible.
    doc.clientID = i + 1
    peers.push({ index: i, doc, wb: openWorkbook(doc, { newId: seededId }), online: true })
    queues.push(Array.from({ length: peerCount }, () => []))
    const onUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
      if (origin === NETWORK) return
      const seen = new Map(tr.beforeState)
      for (let to = 0; to < peerCount; to++) if (to !== i) queues[i]![to]!.push({ update, seen })
    }
    doc.on('update', onUpdate)
    unsubscribe.push(() => doc.off('update', onUpdate))
  }
  const deliverable = (m: Message, to: number) => {
    if (!causal) return true
    const store = peers[to]!.doc.store
    for (const [client, clock] of m.seen) if (Y.getState(store, client) < clock) return false
    return true
  }
  // Every (from, to, message index) that may be delivered now.
  const live = () => {
    const out: Array<[number, number, number]> = []
    for (let f = 0; f < peerCount; f++) {
      for (let t = 0; t < peerCount; t++) {
        if (!peers[f]!.online || !peers[t]!.online) continue
        queues[f]![t]!.forEach((m, k) => {
          if (deliverable(m, t)) out.push([f, t, k])
        })
      }
    }
    return out
  }
  const deliverRandom = (count = 1) => {
    let done = 0
    while (done < count) {
      const channels = live()
      if (channels.length === 0) break
      const [f, t, k] = rng.pick(channels)
      const [message] = queues[f]![t]!.splice(k, 1)
      Y.applyUpdate(peers[t]!.doc, message!.update, NETWORK)
      done++
    }
    return done
  }
  const deliver = (from: number, to: number) => {
    let done = 0
    for (;;) {
      const q = queues[from]![to]!
      const k = q.findIndex((m) => deliverable(m, to))
      if (k < 0) return done
      const [message] = q.splice(k, 1)
      Y.applyUpdate(peers[to]!.doc, message!.update, NETWORK)
      done++
    }
  }
  return {
    peers,
    rng,
    deliverRandom,
    deliver,
    shufflePartitions(pOffline = 0.3) {
      for (const p of peers) p.online = !rng.bool(pOffline)
    },
    flush() {
      for (const p of peers) p.online = true
      while (deliverRandom(1000) > 0);
    },
    pending: () => queues.flat().reduce((n, q) => n + q.length, 0),
    destroy() {
      unsubscribe.forEach((u) => u())
      peers.forEach((p) => p.doc.destroy())
    },
  }
}

/** A plain-JSON picture of everything a user can observe in a workbook, including every formula rendered in both locales. */
export function workbookSnapshot(wb: Workbook): unknown {
  return {
    info: getWorkbookInfo(wb),
    sheets: listSheets(wb).map((s) => {
      const grid = getSheetGrid(wb, s.id)
      const r = sheetRoots(wb, s.id)
      const cells: Record<string, unknown> = {}
      for (const key of [...r.cells.keys()].sort()) cells[key] = r.cells.get(key)
      const rendered: string[] = []
      grid.rowIds.forEach((rowId, ri) =>
        grid.colIds.forEach((colId, ci) => {
          const input = r.cells.get(`${rowId}:${colId}`)
          if (isFormula(input)) {
            rendered.push(`${toA1(ci, ri)} ${renderInput(wb, s.id, input, 'en')} | ${renderInput(wb, s.id, input, 'sv-SE')}`)
          }
        }),
      )
      const notes: Record<string, unknown> = {}
      for (const key of [...r.notes.keys()].sort()) notes[key] = r.notes.get(key)
      return { ...grid, cells, notes, rendered }
    }),
  }
}

/** Throws when two workbooks differ in anything a user can observe; the message names the first difference. */
export function expectConverged(workbooks: ReadonlyArray<Workbook | TestPeer>): void {
  const wbs = workbooks.map((w) => ('wb' in w ? w.wb : w))
  const [first, ...rest] = wbs.map((w) => JSON.stringify(workbookSnapshot(w)))
  rest.forEach((other, i) => {
    if (other === first) return
    let at = 0
    while (at < first!.length && first![at] === other[at]) at++
    throw new Error(
      `Replica ${i + 1} differs from replica 0 at char ${at}:\n  0: …${first!.slice(Math.max(0, at - 80), at + 80)}\n  ${i + 1}: …${other.slice(Math.max(0, at - 80), at + 80)}`,
    )
  })
}
