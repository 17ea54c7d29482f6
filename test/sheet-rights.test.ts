/**
 * Sheets are structure (domain SPEC R6, S4-S5): over a real socket, the server takes an ekonom's
 * copy, move and deletion of a sheet (locked columns and all) and refuses each from an
 * områdeschef and a läsare with 4403 and the reason, leaving the document as it was.
 */
import { deleteSheet, duplicateSheet, findSheetByName, listSheets, moveSheet, openWorkbook, type Workbook } from '@samplan/domain'
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { describeVerdict, fetchServerDoc, loginAll, sendUpdate, type Tokens } from './support/live-server'
import { useServer } from './support/use-server'

describe('sheet changes over the sync socket [R6]', () => {
  const live = useServer()
  let tokens: Tokens
  beforeAll(async () => {
    tokens = await loginAll(live.server)
  })

  /** The server's workbook now, and the update a fresh client makes by running `change` on it. */
  async function clientUpdate(change: (wb: Workbook) => void): Promise<{ before: Y.Doc; update: Uint8Array }> {
    const before = await fetchServerDoc(live.server, tokens.lasare)
    const wb = openWorkbook(new Y.Doc())
    Y.applyUpdate(wb.doc, Y.encodeStateAsUpdate(before))
    const sv = Y.encodeStateVector(wb.doc)
    change(wb)
    return { before, update: Y.encodeStateAsUpdate(wb.doc, sv) }
  }

  const sheetNames = (doc: Y.Doc) => listSheets(openWorkbook(doc)).map((s) => s.name)
  const budgetOf = (wb: Workbook) => findSheetByName(wb, 'Budget')?.id as string

  const cases: Array<[string, (wb: Workbook) => void, string[]]> = [
    ['duplicate', (wb: Workbook) => void duplicateSheet(wb, budgetOf(wb)), ['Budget', 'Budget (2)']],
    ['move', (wb: Workbook) => moveSheet(wb, budgetOf(wb), 2), ['Budget (2)', 'Budget']],
    ['delete', (wb: Workbook) => deleteSheet(wb, budgetOf(wb)), ['Budget (2)']],
  ]

  it.each(cases)('[R6] a sheet %s: refused from an områdeschef and a läsare, taken from an ekonom', async (_name, change, expected) => {
    const { before, update } = await clientUpdate(change)
    for (const user of ['chef1', 'lasare'] as const) {
      expect(describeVerdict(await sendUpdate(live.server, tokens[user], update))).toBe(
        'closed 4403: Bara ekonomer kan ändra rader, kolumner och blad.',
      )
    }
    expect(sheetNames(await fetchServerDoc(live.server, tokens.lasare))).toEqual(sheetNames(before))
    expect(describeVerdict(await sendUpdate(live.server, tokens.ekonom, update))).toBe('accepted')
    const after = sheetNames(await fetchServerDoc(live.server, tokens.lasare))
    expect(after.filter((n) => n.startsWith('Budget'))).toEqual(expected)
    expect(after).not.toEqual(sheetNames(before))
  })
})
