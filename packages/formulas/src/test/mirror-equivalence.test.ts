import {
  addSheet,
  deleteColumns,
  deleteRows,
  formulaFromA1,
  getCellInput,
  getSheetGrid,
  insertColumns,
  insertRows,
  listSheets,
  renameSheet,
  setCells,
  toEngineFormula,
  type CellInput,
  type Workbook,
} from '@samplan/domain'
import { createTestNetwork, toA1, type Rng, type TestPeer } from '@samplan/domain/testing'
import { describe, expect, it } from 'vitest'
import { createWorkbookMirror, type WorkbookMirror } from '../mirror/workbook-mirror'
import { engineTextMismatches } from './engine-text'
import { NUMBER_COLUMN } from './workbook-fixture'

// The arbiter of the incremental mirror (SPEC FM1): after any sequence of edits, local or remote,
// batched or not, it holds the same values as a mirror built fresh from the final doc.

function randomRef(rng: Rng, rows: number, cols: number): string {
  // Now and then a reference outside the grid, which the domain keeps positional.
  if (rng.bool(0.05)) return toA1(cols + rng.int(3), rows + rng.int(3))
  return toA1(rng.int(Math.max(cols, 1)), rng.int(Math.max(rows, 1)))
}

function randomFormula(rng: Rng, wb: Workbook, sheetId: string): string {
  const sheets = listSheets(wb)
  const target = rng.bool(0.3) ? rng.pick(sheets) : sheets.find((s) => s.id === sheetId)!
  const grid = getSheetGrid(wb, target.id)
  const rows = grid.rowIds.length
  const cols = grid.colIds.length
  const prefix = target.id === sheetId ? '' : `'${target.name}'!`
  const ref = () => `${prefix}${randomRef(rng, rows, cols)}`
  const range = () => `${prefix}${randomRef(rng, rows, cols)}:${randomRef(rng, rows, cols)}`
  const shapes = [
    () => `=${ref()}+${ref()}*2`,
    () => `=SUM(${range()})`,
    () => `=IF(${ref()}>0,${ref()},-1)`,
    () => `=RSUGRANT(${ref()},147)`,
    () => `=SCHOOLVOUCHERSHARE(${ref()},100)`,
    () => `=MEETSFLOOR(${ref()}/100)`,
    () => `=COUNT(${range()})*1.5`,
  ]
  return formulaFromA1(wb, sheetId, rng.pick(shapes)())
}

function randomInput(rng: Rng, wb: Workbook, sheetId: string): CellInput {
  const kind = rng.int(10)
  if (kind < 4) return rng.int(200) - 50
  if (kind < 5) return rng.int(1000) / 8
  if (kind < 6) return rng.pick(['text', '12', 'Kärrtorp'])
  if (kind < 7) return rng.bool()
  if (kind < 8) return null
  return randomFormula(rng, wb, sheetId)
}

function randomEdit(rng: Rng, peer: TestPeer, nameCounter: { next: number }): void {
  const wb = peer.wb
  const sheets = listSheets(wb)
  if (sheets.length === 0) return
  const sheet = rng.pick(sheets)
  const grid = getSheetGrid(wb, sheet.id)
  const rows = grid.rowIds.length
  const cols = grid.colIds.length
  const op = rng.int(100)
  if (op < 55 && rows > 0 && cols > 0) {
    const edits = Array.from({ length: 1 + rng.int(3) }, () => ({
      rowId: rng.pick(grid.rowIds),
      colId: rng.pick(grid.colIds),
      input: randomInput(rng, wb, sheet.id),
    }))
    setCells(wb, sheet.id, edits)
  } else if (op < 65) insertRows(wb, sheet.id, rng.int(rows + 1), 1 + rng.int(2))
  else if (op < 73 && rows > 2) deleteRows(wb, sheet.id, rng.int(rows - 1), 1 + rng.int(2))
  else if (op < 80) insertColumns(wb, sheet.id, rng.int(cols + 1), [NUMBER_COLUMN])
  else if (op < 86 && cols > 2) deleteColumns(wb, sheet.id, rng.int(cols - 1), 1)
  else if (op < 92) renameSheet(wb, sheet.id, `S${peer.index}-${nameCounter.next++}`)
  else if (op < 95 && sheets.length < 5) {
    const id = addSheet(wb, { name: `N${peer.index}-${nameCounter.next++}`, kind: 'generic', columns: [NUMBER_COLUMN, NUMBER_COLUMN] })
    insertRows(wb, id, 0, 3)
  } else {
    // Several operations in one transaction reach the mirror as one batch.
    wb.doc.transact(() => {
      for (let i = 0; i < 2 + rng.int(3); i++) randomEdit(rng, peer, nameCounter)
    })
  }
}

function expectSameAsFresh(wb: Workbook, mirror: WorkbookMirror, context: string): void {
  const fresh = createWorkbookMirror(wb)
  try {
    const differences = listSheets(wb)
      .map((sheet) => ({ sheet, text: describeDifferences(wb, sheet.id, mirror.getSheetValues(sheet.id), fresh.getSheetValues(sheet.id)) }))
      .filter(({ text }) => text !== '')
      .map(({ sheet, text }) => `sheet ${sheet.name}: ${text}`)
    expect(differences, context).toEqual([])
    expect(engineTextMismatches(wb), context).toEqual([])
    for (const sheet of listSheets(wb)) {
      expect(mirror.getSheetValues(sheet.id), context).toEqual(fresh.getSheetValues(sheet.id))
    }
  } finally {
    fresh.destroy()
  }
}

/** The differing cells with their stored and engine text, so a failing seed explains itself. */
function describeDifferences(wb: Workbook, sheetId: string, actual: unknown[][], expected: unknown[][]): string {
  const grid = getSheetGrid(wb, sheetId)
  const lines: string[] = []
  grid.rowIds.forEach((rowId, row) =>
    grid.colIds.forEach((colId, col) => {
      const a = JSON.stringify(actual[row]?.[col])
      const e = JSON.stringify(expected[row]?.[col])
      if (a === e) return
      const input = getCellInput(wb, sheetId, rowId, colId)
      const engine = typeof input === 'string' ? toEngineFormula(wb, sheetId, input) : ''
      lines.push(`${toA1(col, row)} ${JSON.stringify(input)} -> ${engine}: mirror ${a}, fresh ${e}`)
    }),
  )
  return lines.join('; ')
}

function setup(seed: number) {
  const net = createTestNetwork(3, seed)
  const first = net.peers[0]!
  const a = addSheet(first.wb, { name: 'Budget', kind: 'generic', columns: [NUMBER_COLUMN, NUMBER_COLUMN, NUMBER_COLUMN] })
  insertRows(first.wb, a, 0, 5)
  const b = addSheet(first.wb, { name: 'RSU', kind: 'rsu', columns: [NUMBER_COLUMN, NUMBER_COLUMN] })
  insertRows(first.wb, b, 0, 4)
  net.flush()
  return net
}

describe('workbook mirror equivalence', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`[FM1] [seed ${seed}] random local and remote edits give the values of a fresh build`, () => {
      const net = setup(seed)
      const rng = net.rng
      // Peer 0 edits and receives; peer 2's mirror sees only remote transactions.
      const watched = [net.peers[0]!, net.peers[2]!]
      const mirrors = watched.map((peer) => createWorkbookMirror(peer.wb))
      const names = { next: 0 }
      try {
        for (let step = 0; step < 70; step++) {
          randomEdit(rng, rng.pick(net.peers.slice(0, 2)), names)
          if (rng.bool(0.4)) net.deliverRandom(1 + rng.int(4))
          if (step % 10 === 9) watched.forEach((peer, i) => expectSameAsFresh(peer.wb, mirrors[i]!, `seed ${seed} step ${step}`))
        }
        net.flush()
        watched.forEach((peer, i) => expectSameAsFresh(peer.wb, mirrors[i]!, `seed ${seed} final`))
      } finally {
        mirrors.forEach((m) => m.destroy())
        net.destroy()
      }
    })
  }
})
