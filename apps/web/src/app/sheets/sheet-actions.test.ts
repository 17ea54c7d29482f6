import { addSheet, getSheetGrid, initWorkbook, listSheets, openWorkbook, type Workbook } from '@samplan/domain'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createUndo } from '../../sync/undo'
import { messages } from '../i18n'
import { createSheetActions, moveProblem, neighbourOf, sheetNameProblem } from './sheet-actions'

const sv = messages('sv-SE')
const en = messages('en')

function workbook(...names: string[]): Workbook {
  const wb = openWorkbook(new Y.Doc())
  initWorkbook(wb, { title: 't' })
  for (const name of names) addSheet(wb, { name, kind: 'generic', columns: [{ label: '', type: 'number', editable: 'ekonom' }] })
  return wb
}

describe('sheet actions', () => {
  it('[S1] says why a name is refused, in the UI language', () => {
    const wb = workbook('Budget', 'Volym')
    const budget = listSheets(wb)[0]!.id
    expect(sheetNameProblem(wb, 'volym', sv, budget)).toBe('Det finns redan ett blad som heter ”volym”.')
    expect(sheetNameProblem(wb, 'Budget', sv, budget)).toBeNull()
    expect(sheetNameProblem(wb, 'a:b', sv)).toMatch(/får inte innehålla \[ \] : \* \? \/ \\/)
    expect(sheetNameProblem(wb, 'x'.repeat(40), en)).toBe('The name is 40 characters long; a sheet name may have at most 31.')
    expect(sheetNameProblem(wb, '   ', sv)).toBe('Bladet måste ha ett namn.')
  })

  it('[S2][S5][S6] add names the sheet Blad 1 with rows to type into; copy and delete say which sheet to show', () => {
    const wb = workbook('Budget', 'Volym')
    const actions = createSheetActions({ workbook: wb, undo: null, mayChange: true, t: sv })
    const added = actions.add()
    expect(added.ok).toBe(true)
    if (!added.ok || !added.sheetId) return
    const grid = getSheetGrid(wb, added.sheetId)
    expect(grid.sheet.name).toBe('Blad 1')
    expect(grid.rowIds.length).toBeGreaterThan(10)
    const budget = listSheets(wb)[0]!.id
    const copy = actions.duplicate(budget)
    expect(copy.ok && copy.sheetId && getSheetGrid(wb, copy.sheetId).sheet.name).toBe('Budget (2)')
    expect(listSheets(wb).map((s) => s.name)).toEqual(['Budget', 'Budget (2)', 'Volym', 'Blad 1'])
    expect(actions.remove(budget)).toEqual({ ok: true, sheetId: copy.ok ? copy.sheetId : null })
  })

  it('[S6] each sheet change is an undo step of its own, however quickly the next follows', () => {
    const wb = workbook('Budget', 'Volym')
    const undo = createUndo(wb)
    const actions = createSheetActions({ workbook: wb, undo, mayChange: true, t: sv })
    const budget = listSheets(wb)[0]!.id
    actions.add()
    actions.duplicate(budget)
    actions.remove(budget)
    expect(listSheets(wb).map((s) => s.name)).toEqual(['Budget (2)', 'Volym', 'Blad 1'])
    actions.undo()
    expect(listSheets(wb).map((s) => s.name)).toEqual(['Budget', 'Budget (2)', 'Volym', 'Blad 1'])
    actions.undo()
    expect(listSheets(wb).map((s) => s.name)).toEqual(['Budget', 'Volym', 'Blad 1'])
    actions.undo()
    expect(listSheets(wb).map((s) => s.name)).toEqual(['Budget', 'Volym'])
    undo.destroy()
  })

  it('[R6] refuses every change, with the reason, to someone who may not change sheets, and never deletes the last sheet', () => {
    const wb = workbook('Budget')
    const reader = createSheetActions({ workbook: wb, undo: null, mayChange: false, t: sv })
    expect(reader.mayChange).toBe(false)
    expect(reader.add()).toEqual({ ok: false, message: sv.grid.refused.notAllowed })
    const ekonom = createSheetActions({ workbook: wb, undo: null, mayChange: true, t: sv })
    expect(ekonom.remove(listSheets(wb)[0]!.id)).toEqual({ ok: false, message: 'Arbetsboken måste ha minst ett blad.' })
    expect(ekonom.rename(listSheets(wb)[0]!.id, 'a/b')).toMatchObject({ ok: false, message: expect.stringMatching(/får inte innehålla/) })
    expect(listSheets(wb).map((s) => s.name)).toEqual(['Budget'])
  })

  it('[S4] picks the next tab after a delete (the one before at the end) and refuses moves past the ends', () => {
    const sheets = [{ id: 'a' }, { id: 'b' }, { id: 'c' }]
    expect(neighbourOf(sheets, 'a')).toBe('b')
    expect(neighbourOf(sheets, 'c')).toBe('b')
    expect(neighbourOf([{ id: 'a' }], 'a')).toBeNull()
    expect(moveProblem(sheets, 'a', -1, sv)).toBe('Bladet ligger redan först.')
    expect(moveProblem(sheets, 'c', 1, en)).toBe('The sheet is already last.')
    expect(moveProblem(sheets, 'b', 1, sv)).toBeNull()
  })
})
