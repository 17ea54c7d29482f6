/**
 * Random concurrent editing sessions for the convergence property (SPEC M1-M9).
 * Shared by convergence.test.ts (a few hundred seeds) and convergence-soak.ts (10 000+).
 */
import { getCellInput, getSheetGrid, listSheets } from '../model/read'
import { isFormula, sheetRoots, type Workbook } from '../model/workbook'
import { setCellFromText, setCells } from '../operations/cells'
import { addSheet, deleteSheet, moveSheet, renameSheet } from '../operations/sheets'
import { deleteColumns, deleteRows, insertColumns, insertRows, setColumnSpec } from '../operations/structure'
import { initWorkbook } from '../operations/workbook-info'
import { renderInput } from '../input/text'
import type { ColumnSpec } from '../schema/sheet'
import { a1, createTestNetwork, expectConverged, toA1, type Rng, type TestNetwork, type TestPeer } from '../testing'

const NUM: ColumnSpec = { label: 'Tal', type: 'number', editable: 'ekonom' }
const SHEET_NAMES = ['Ett', 'Två', 'Budget', 'Volym egen regi', 'Tre']

/** What the author of a formula pointed at, by id, when typing it. */
type Intent =
  | { kind: 'cell'; sheetId: string; rowId: string; colId: string; colAbs: boolean; rowAbs: boolean; crossSheet: boolean }
  | { kind: 'range'; sheetId: string; rowIds: string[]; colIds: string[]; corners: [string, string, string, string] }

export interface SequenceOptions {
  peers?: number
  steps?: number
  /**
   * Deliver every update right after its operation (no concurrency). Then a
   * range may only become #REF! when none of its authored rows or columns
   * survive, which checks range shrinking (F6) strictly. Default: every 4th seed.
   */
  sync?: boolean
  /** Delivery order of the network (see TestNetworkOptions); default causal, except every 4th seed + 1 any-order. */
  order?: 'any' | 'causal'
}

export interface SequenceResult {
  seed: number
  ok: boolean
  steps: number
  formulas: number
  error?: string
}

class Session {
  readonly net: TestNetwork
  readonly rng: Rng
  readonly intents = new Map<number, Intent[]>()
  private marker = 100000
  log: string[] = []

  constructor(
    seed: number,
    peers: number,
    readonly sync: boolean,
    readonly order: 'any' | 'causal',
  ) {
    this.net = createTestNetwork(peers, seed, { order })
    this.rng = this.net.rng
    const wb = this.net.peers[0]!.wb
    initWorkbook(wb, { title: 'Konvergens' })
    for (const name of ['Ett', 'Två']) {
      const id = addSheet(wb, { name, kind: 'generic', columns: [NUM, NUM, NUM, NUM] })
      insertRows(wb, id, 0, 6)
    }
    this.net.flush()
  }

  private sheetIds(wb: Workbook): string[] {
    return listSheets(wb).map((s) => s.id)
  }

  private randomCell(wb: Workbook, sheetId: string): { rowId: string; colId: string; row: number; col: number } | undefined {
    const g = getSheetGrid(wb, sheetId)
    if (g.rowIds.length === 0 || g.colIds.length === 0) return undefined
    const row = this.rng.int(g.rowIds.length)
    const col = this.rng.int(g.colIds.length)
    return { rowId: g.rowIds[row]!, colId: g.colIds[col]!, row, col }
  }

  /** A formula text in `locale` plus what it means, by id, at the author's state. */
  private randomFormula(wb: Workbook, sheetId: string, locale: 'sv-SE' | 'en'): { text: string; marker: number; intents: Intent[] } | undefined {
    const parts: string[] = []
    const intents: Intent[] = []
    const terms = 1 + this.rng.int(3)
    for (let i = 0; i < terms; i++) {
      const target = this.rng.bool(0.7) ? sheetId : this.rng.pick(this.sheetIds(wb))
      const cross = target !== sheetId
      const name = listSheets(wb).find((s) => s.id === target)!.name
      const prefix = cross ? `'${name}'!` : ''
      const g = getSheetGrid(wb, target)
      if (g.rowIds.length === 0 || g.colIds.length === 0) return undefined
      if (this.rng.bool(0.6)) {
        const row = this.rng.int(g.rowIds.length)
        const col = this.rng.int(g.colIds.length)
        const colAbs = this.rng.bool(0.3)
        const rowAbs = this.rng.bool(0.3)
        const addr = `${colAbs ? '$' : ''}${toA1(col, 0).replace(/\d+$/, '')}${rowAbs ? '$' : ''}${row + 1}`
        parts.push(`${prefix}${addr}`)
        intents.push({ kind: 'cell', sheetId: target, rowId: g.rowIds[row]!, colId: g.colIds[col]!, colAbs, rowAbs, crossSheet: cross })
      } else {
        const r1 = this.rng.int(g.rowIds.length)
        const r2 = r1 + this.rng.int(g.rowIds.length - r1)
        const c1 = this.rng.int(g.colIds.length)
        const c2 = c1 + this.rng.int(g.colIds.length - c1)
        parts.push(`${locale === 'sv-SE' ? 'SUMMA' : 'SUM'}(${prefix}${toA1(c1, r1)}:${toA1(c2, r2)})`)
        intents.push({
          kind: 'range',
          sheetId: target,
          rowIds: g.rowIds.slice(r1, r2 + 1),
          colIds: g.colIds.slice(c1, c2 + 1),
          corners: [g.rowIds[r1]!, g.rowIds[r2]!, g.colIds[c1]!, g.colIds[c2]!],
        })
      }
    }
    const marker = this.marker++
    return { text: `=${parts.join('+')}+${marker}`, marker, intents }
  }

  step(): void {
    const peer = this.rng.pick(this.net.peers)
    const wb = peer.wb
    if (this.sheetIds(wb).length === 0) {
      // Concurrent deletes of different sheets can leave none (SPEC M9).
      insertRows(wb, addSheet(wb, { name: this.rng.pick(SHEET_NAMES), kind: 'generic', columns: [NUM, NUM] }), 0, 3)
      this.log.push(`p${peer.index} addSheet (none left)`)
      return
    }
    const sheetId = this.rng.pick(this.sheetIds(wb))
    const g = getSheetGrid(wb, sheetId)
    const op = this.rng.int(100)
    if (op < 12) {
      const index = this.rng.int(g.rowIds.length + 1)
      insertRows(wb, sheetId, index, 1 + this.rng.int(2))
      this.log.push(`p${peer.index} insertRows ${index}`)
    } else if (op < 22) {
      if (g.rowIds.length > 2) {
        const index = this.rng.int(g.rowIds.length - 1)
        deleteRows(wb, sheetId, index, 1 + this.rng.int(2))
        this.log.push(`p${peer.index} deleteRows ${index}`)
      }
    } else if (op < 28) {
      const index = this.rng.int(g.colIds.length + 1)
      insertColumns(wb, sheetId, index, [NUM])
      this.log.push(`p${peer.index} insertColumns ${index}`)
    } else if (op < 33) {
      if (g.colIds.length > 2) {
        const index = this.rng.int(g.colIds.length - 1)
        deleteColumns(wb, sheetId, index, 1)
        this.log.push(`p${peer.index} deleteColumns ${index}`)
      }
    } else if (op < 50) {
      const c = this.randomCell(wb, sheetId)
      if (c) setCells(wb, sheetId, [{ rowId: c.rowId, colId: c.colId, input: this.rng.bool(0.1) ? null : this.rng.int(1000) }])
    } else if (op < 80) {
      const c = this.randomCell(wb, sheetId)
      const locale = this.rng.bool() ? 'sv-SE' : 'en'
      const f = this.randomFormula(wb, sheetId, locale)
      if (c && f) {
        setCellFromText(wb, sheetId, c.rowId, c.colId, f.text, locale)
        this.intents.set(f.marker, f.intents)
        this.log.push(`p${peer.index} ${toA1(c.col, c.row)} ${f.text}`)
      }
    } else if (op < 85) {
      this.sameEmptyRow(sheetId)
    } else if (op < 88) {
      const name = this.rng.pick(SHEET_NAMES)
      if (!listSheets(wb).some((s) => s.name.toLowerCase() === name.toLowerCase())) renameSheet(wb, sheetId, name)
    } else if (op < 90) {
      const colId = this.rng.pick(g.colIds)
      setColumnSpec(wb, sheetId, colId, { ...NUM, label: `Kolumn ${this.rng.int(10)}` })
    } else if (op < 92) {
      const name = this.rng.pick(SHEET_NAMES)
      if (!listSheets(wb).some((s) => s.name.toLowerCase() === name.toLowerCase())) {
        insertRows(wb, addSheet(wb, { name, kind: 'generic', columns: [NUM, NUM] }), 0, 3)
        this.log.push(`p${peer.index} addSheet ${name}`)
      }
    } else if (op < 93) {
      if (listSheets(wb).length > 1) {
        deleteSheet(wb, sheetId)
        this.log.push(`p${peer.index} deleteSheet ${g.sheet.name}`)
      }
    } else if (op < 95) {
      // [S4] concurrent moves of one sheet leave its id twice; every replica must still agree.
      const to = this.rng.int(listSheets(wb).length)
      moveSheet(wb, sheetId, to)
      this.log.push(`p${peer.index} moveSheet ${g.sheet.name} ${to}`)
    } else {
      this.net.shufflePartitions(0.3)
    }
    if (this.sync) this.net.flush()
    else this.net.deliverRandom(this.rng.int(6))
  }

  /** [M2] Two people write into the same freshly inserted row at once: both cells survive (same cell: one value, everywhere). */
  private sameEmptyRow(sheetId: string): void {
    const peers = this.net.peers
    if (peers.length < 3) return
    this.net.flush()
    // The flush may have delivered a concurrent deleteSheet.
    if (!listSheets(peers[0]!.wb).some((s) => s.id === sheetId)) return
    const [a, b, c] = [peers[0]!, peers[1]!, peers[2]!].sort(() => this.rng.next() - 0.5) as [TestPeer, TestPeer, TestPeer]
    const [rowId] = insertRows(a.wb, sheetId, this.rng.int(getSheetGrid(a.wb, sheetId).rowIds.length + 1), 1)
    this.net.flush()
    const cols = getSheetGrid(b.wb, sheetId).colIds
    const colB = this.rng.pick(cols)
    const colC = this.rng.bool(0.2) ? colB : this.rng.pick(cols)
    setCells(b.wb, sheetId, [{ rowId: rowId!, colId: colB, input: 1 }])
    setCells(c.wb, sheetId, [{ rowId: rowId!, colId: colC, input: 2 }])
    this.net.flush()
    expectConverged(peers)
    const got = (colId: string) => getCellInput(a.wb, sheetId, rowId!, colId)
    if (colB !== colC) {
      if (got(colB) !== 1 || got(colC) !== 2) throw new Error(`[M2] a concurrent write into the new row was lost: ${got(colB)}, ${got(colC)}`)
    } else if (got(colB) !== 1 && got(colB) !== 2) {
      throw new Error(`[M3] same-cell writes kept neither value: ${got(colB)}`)
    }
  }

  /** [M4-M6] Every surviving formula still refers to what its author meant. */
  checkIntents(): number {
    const wb = this.net.peers[0]!.wb
    let checked = 0
    for (const s of listSheets(wb)) {
      const cells = sheetRoots(wb, s.id).cells
      const grid = getSheetGrid(wb, s.id)
      const live = new Set(grid.rowIds.flatMap((r) => grid.colIds.map((c) => `${r}:${c}`)))
      cells.forEach((input, key) => {
        if (!isFormula(input) || !live.has(key)) return
        const marker = Number(/\+(\d+)$/.exec(input)?.[1])
        const intents = this.intents.get(marker)
        if (!intents) throw new Error(`formula without a known marker: ${input}`)
        const shown = renderInput(wb, s.id, input, 'en')
        const pieces = shown.slice(1).split('+')
        if (pieces.length !== intents.length + 1 || pieces[intents.length] !== String(marker)) {
          throw new Error(`rendered formula lost its shape: ${shown}`)
        }
        intents.forEach((intent, i) => checkPiece(wb, s.id, pieces[i]!, intent, shown))
        checked++
      })
    }
    return checked
  }
}

function checkPiece(
  wb: Workbook,
  formulaSheet: string,
  piece: string,
  intent: Intent,
  shown: string,
): void {
  const sheet = listSheets(wb).find((x) => x.id === intent.sheetId)
  if (!sheet) {
    // [F5] the referenced sheet was deleted
    const expected = intent.kind === 'cell' ? '#REF!' : 'SUM(#REF!)'
    if (piece !== expected) throw new Error(`[F5] ${shown}: expected ${expected} for a deleted sheet, got ${piece}`)
    return
  }
  const g = getSheetGrid(wb, intent.sheetId)
  const rowPos = new Map(g.rowIds.map((id, i) => [id, i]))
  const colPos = new Map(g.colIds.map((id, i) => [id, i]))
  const prefix = intent.sheetId !== formulaSheet ? `'${sheet.name}'!` : ''
  if (intent.kind === 'cell') {
    const r = rowPos.get(intent.rowId)
    const c = colPos.get(intent.colId)
    const expected =
      r === undefined || c === undefined
        ? '#REF!'
        : `${prefix}${intent.colAbs ? '$' : ''}${toA1(c, 0).replace(/\d+$/, '')}${intent.rowAbs ? '$' : ''}${r + 1}`
    if (piece !== expected) throw new Error(`[M4] ${shown}: expected ${expected} for a cell reference, got ${piece}`)
    return
  }
  const inner = /^SUM\((.*)\)$/.exec(piece)?.[1]
  if (inner === undefined) throw new Error(`[M5] ${shown}: ${piece} is not the SUM the author typed`)
  const [r1, r2, c1, c2] = intent.corners
  const cornerGone = ![r1, r2].every((id) => rowPos.has(id)) || ![c1, c2].every((id) => colPos.has(id))
  if (inner === '#REF!') {
    if (!cornerGone) throw new Error(`[M5] ${shown}: range became #REF! although its corners survive`)
    const allGone = !intent.rowIds.some((id) => rowPos.has(id)) || !intent.colIds.some((id) => colPos.has(id))
    if (!allGone) throw new Error(`[F6] ${shown}: range became #REF! although some of its rows and columns survive`)
    return
  }
  if (!inner.startsWith(prefix)) throw new Error(`[M5] ${shown}: range lost its sheet ${prefix}`)
  const [from, to] = inner.slice(prefix.length).split(':') as [string, string]
  const a = a1(from)
  const b = a1(to)
  for (const id of intent.rowIds) {
    const p = rowPos.get(id)
    if (p !== undefined && (p < a.row || p > b.row)) throw new Error(`[M5] ${shown}: surviving row ${p + 1} fell out of ${inner}`)
  }
  for (const id of intent.colIds) {
    const p = colPos.get(id)
    if (p !== undefined && (p < a.col || p > b.col)) throw new Error(`[M5] ${shown}: surviving column ${p} fell out of ${inner}`)
  }
  if (!cornerGone) {
    const same = a.row === rowPos.get(r1) && b.row === rowPos.get(r2) && a.col === colPos.get(c1) && b.col === colPos.get(c2)
    if (!same) throw new Error(`[M6] ${shown}: corners survive but the range moved to ${inner}`)
  }
}

/** Runs one seeded random session and checks convergence and intent. Never throws. */
export function runConvergenceSequence(seed: number, options: SequenceOptions = {}): SequenceResult {
  const steps = options.steps ?? 40
  let session: Session | undefined
  try {
    session = new Session(seed, options.peers ?? 3, options.sync ?? seed % 4 === 0, options.order ?? (seed % 4 === 1 ? 'any' : 'causal'))
    for (let i = 0; i < steps; i++) session.step()
    session.net.flush()
    expectConverged(session.net.peers)
    const formulas = session.checkIntents()
    return { seed, ok: true, steps, formulas }
  } catch (e) {
    const tail = session ? `\n  last ops: ${session.log.slice(-8).join(' | ')}` : ''
    return { seed, ok: false, steps, formulas: 0, error: `${e instanceof Error ? e.message : String(e)}${tail}` }
  } finally {
    session?.net.destroy()
  }
}
