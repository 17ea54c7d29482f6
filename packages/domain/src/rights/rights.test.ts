import { describe, expect, it } from 'vitest'
import type { ColumnSpec, RowSpec } from '../schema/sheet'
import { canChangeStructure, canEditCell, checkUpdateTargets, type Actor, type RightsView } from './rights'
import { targetOf, type UpdateTarget } from './update-target'

const ekonom: Actor = { role: 'ekonom', omrade: null }
const admin: Actor = { role: 'admin', omrade: null }
const lasare: Actor = { role: 'lasare', omrade: null }
const chefSyd: Actor = { role: 'omradeschef', omrade: 'Syd' }

const budget: ColumnSpec = { label: 'Budget 2024', type: 'number', unit: 'mnkr', decimals: 1, editable: 'ekonom' }
const label: ColumnSpec = { label: '', type: 'text', editable: 'locked' }
const platser: ColumnSpec = { label: 'RSU-platser', type: 'integer', unit: 'st', min: 0, editable: 'omradeschef' }
const syd: RowSpec = { kind: 'data', omrade: 'Syd' }
const norr: RowSpec = { kind: 'data', omrade: 'Norr' }

describe('canEditCell', () => {
  it('[R3] lets an ekonom edit every unlocked cell, not locked ones', () => {
    expect(canEditCell(ekonom, { status: 'utkast', column: budget, row: { kind: 'data' } })).toBe(true)
    expect(canEditCell(ekonom, { status: 'utkast', column: platser, row: syd })).toBe(true)
    expect(canEditCell(ekonom, { status: 'utkast', column: label, row: { kind: 'data' } })).toBe(false)
  })

  it('[R3] lets an ekonom name a row people added, but not relabel the template or write locked numbers', () => {
    const added: RowSpec = { kind: 'data', added: true }
    const computed: ColumnSpec = { label: 'Förändring', type: 'number', editable: 'locked' }
    expect(canEditCell(ekonom, { status: 'utkast', column: label, row: added })).toBe(true)
    expect(canEditCell(ekonom, { status: 'utkast', column: computed, row: added })).toBe(false)
    expect(canEditCell(ekonom, { status: 'beslutad', column: label, row: added })).toBe(false)
    expect(canEditCell(lasare, { status: 'utkast', column: label, row: added })).toBe(false)
    expect(canEditCell(chefSyd, { status: 'utkast', column: label, row: { ...added, omrade: 'Syd' } })).toBe(false)
  })

  it('[R4] lets an områdeschef edit RSU-platser of their own område only', () => {
    expect(canEditCell(chefSyd, { status: 'utkast', column: platser, row: syd })).toBe(true)
    expect(canEditCell(chefSyd, { status: 'utkast', column: platser, row: norr })).toBe(false)
    expect(canEditCell(chefSyd, { status: 'utkast', column: budget, row: syd })).toBe(false)
    expect(canEditCell({ role: 'omradeschef', omrade: null }, { status: 'utkast', column: platser, row: { kind: 'data' } })).toBe(false)
  })

  it('[R1][R2][R5] beslutad is read-only for everyone; admin edits all else; läsare nothing', () => {
    expect(canEditCell(admin, { status: 'utkast', column: label, row: { kind: 'data' } })).toBe(true)
    expect(canEditCell(admin, { status: 'beslutad', column: budget, row: { kind: 'data' } })).toBe(false)
    expect(canEditCell(lasare, { status: 'utkast', column: budget, row: { kind: 'data' } })).toBe(false)
    expect(canChangeStructure(ekonom, 'beslutad')).toBe(false)
    expect(canChangeStructure(chefSyd, 'utkast')).toBe(false)
  })

  it('[R1] inskickad is read-only for everyone but admins: cells and structure', () => {
    const added: RowSpec = { kind: 'data', added: true }
    expect(canEditCell(ekonom, { status: 'inskickad', column: budget, row: { kind: 'data' } })).toBe(false)
    expect(canEditCell(ekonom, { status: 'inskickad', column: label, row: added })).toBe(false)
    expect(canEditCell(chefSyd, { status: 'inskickad', column: platser, row: syd })).toBe(false)
    expect(canEditCell(lasare, { status: 'inskickad', column: budget, row: { kind: 'data' } })).toBe(false)
    expect(canEditCell(admin, { status: 'inskickad', column: budget, row: { kind: 'data' } })).toBe(true)
    expect(canEditCell(admin, { status: 'inskickad', column: label, row: { kind: 'data' } })).toBe(true)
    expect(canChangeStructure(ekonom, 'inskickad')).toBe(false)
    expect(canChangeStructure(chefSyd, 'inskickad')).toBe(false)
    expect(canChangeStructure(admin, 'inskickad')).toBe(true)
    expect(canChangeStructure(admin, 'beslutad')).toBe(false)
    // Back in utkast, everything is as before.
    expect(canEditCell(ekonom, { status: 'utkast', column: budget, row: { kind: 'data' } })).toBe(true)
    expect(canChangeStructure(ekonom, 'utkast')).toBe(true)
  })
})

describe('checkUpdateTargets', () => {
  const view: RightsView = {
    status: 'utkast',
    columnSpec: (_s, c) => ({ cB: budget, cA: label, cP: platser })[c],
    rowSpec: (_s, r) => ({ r1: syd, r2: norr })[r],
    hasSheet: () => true,
    hasRow: (_s, r) => r === 'r1' || r === 'r2',
    hasColumn: (_s, c) => ['cA', 'cB', 'cP'].includes(c),
    commentAuthor: (_s, id) => ({ k1: 'u-chef' })[id],
  }
  const cell = (key: string, change: 'insert' | 'delete' = 'insert'): UpdateTarget => targetOf('cells:s', key, change, [1])

  it('[R4] accepts an områdeschef changing their own RSU-platser and rejects everything else', () => {
    expect(checkUpdateTargets(chefSyd, view, [cell('r1:cP')])).toEqual({ ok: true })
    expect(checkUpdateTargets(chefSyd, view, [cell('r2:cP')])).toMatchObject({ ok: false, reason: expect.stringMatching(/eget område/) })
    expect(checkUpdateTargets(chefSyd, view, [cell('r1:cP'), cell('r1:cB')])).toMatchObject({ ok: false })
    expect(checkUpdateTargets(chefSyd, view, [targetOf('rows:s', null, 'insert', ['x'])])).toMatchObject({ ok: false })
  })

  it('[R6] lets an ekonom insert a row and fill it in one update, and delete a row with its locked label', () => {
    const insert: UpdateTarget[] = [
      targetOf('rows:s', null, 'insert', ['r9']),
      targetOf('rowspec:s', 'r9', 'insert', [{ kind: 'data' }]),
      cell('r9:cB'),
    ]
    expect(checkUpdateTargets(ekonom, view, insert)).toEqual({ ok: true })
    const remove: UpdateTarget[] = [targetOf('rows:s', null, 'delete', ['r1']), cell('r1:cA', 'delete')]
    expect(checkUpdateTargets(ekonom, view, remove)).toEqual({ ok: true })
    expect(checkUpdateTargets(ekonom, view, [cell('r1:cA', 'delete')])).toMatchObject({ ok: false })
  })

  it('[R7][R8] refuses workbook meta and unknown roots, and unlocking a locked column', () => {
    expect(checkUpdateTargets(admin, view, [targetOf('workbook', 'status', 'insert', ['utkast'])])).toMatchObject({ ok: false })
    expect(checkUpdateTargets(ekonom, view, [targetOf('hemligt', 'x', 'insert', [])])).toMatchObject({ ok: false })
    expect(checkUpdateTargets(ekonom, view, [targetOf('colspec:s', 'cA', 'insert', [budget])])).toMatchObject({ ok: false })
    expect(checkUpdateTargets(ekonom, { ...view, status: 'beslutad' }, [cell('r1:cB')])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/beslutad/),
    })
  })

  it('[R1] refuses cells and structure from everyone but admins while inskickad, naming why and who reopens it', () => {
    const inskickad: RightsView = { ...view, status: 'inskickad' }
    const reason = expect.stringMatching(/inskickad.*administratör.*utkast/s)
    expect(checkUpdateTargets(ekonom, inskickad, [cell('r1:cB')])).toEqual({ ok: false, reason })
    expect(checkUpdateTargets(chefSyd, inskickad, [cell('r1:cP')])).toEqual({ ok: false, reason })
    expect(checkUpdateTargets(ekonom, inskickad, [targetOf('rows:s', null, 'insert', ['r9'])])).toEqual({ ok: false, reason })
    expect(checkUpdateTargets(ekonom, inskickad, [targetOf('sheet:s', 'name', 'insert', ['Ny'])])).toEqual({ ok: false, reason })
    expect(checkUpdateTargets(admin, inskickad, [cell('r1:cB'), targetOf('rows:s', null, 'insert', ['r9'])])).toEqual({ ok: true })
    // A läsare is told about their role, which reopening would not change.
    expect(checkUpdateTargets(lasare, inskickad, [cell('r1:cB')])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/läsbehörighet/),
    })
  })
})

describe('[R9] comments', () => {
  const view: RightsView = {
    status: 'utkast',
    columnSpec: () => undefined,
    rowSpec: () => undefined,
    hasSheet: () => true,
    hasRow: () => true,
    hasColumn: () => true,
    commentAuthor: (_s, id) => ({ k1: 'u-chef' })[id],
  }
  const chef: Actor = { id: 'u-chef', role: 'omradeschef', omrade: 'Syd' }
  const eva: Actor = { id: 'u-eva', role: 'ekonom', omrade: null }
  const write = (key: string, authorId: string): UpdateTarget => targetOf('comments:s', key, 'insert', [{ authorId }])
  const remove = (key: string): UpdateTarget => targetOf('comments:s', key, 'delete', [])

  it('lets anyone but a läsare write their own comments, never as someone else', () => {
    expect(checkUpdateTargets(chef, view, [write('k2', 'u-chef')])).toEqual({ ok: true })
    expect(checkUpdateTargets(eva, view, [write('k2', 'u-chef')])).toMatchObject({ ok: false })
    expect(checkUpdateTargets({ id: 'u-l', role: 'lasare', omrade: null }, view, [write('k2', 'u-l')])).toMatchObject({ ok: false })
  })

  it("keeps others' comments: no overwrite, no delete, except an admin's delete", () => {
    expect(checkUpdateTargets(eva, view, [write('k1', 'u-eva')])).toMatchObject({ ok: false })
    expect(checkUpdateTargets(eva, view, [remove('k1')])).toMatchObject({ ok: false })
    expect(checkUpdateTargets(chef, view, [remove('k1')])).toEqual({ ok: true })
    expect(checkUpdateTargets({ id: 'u-a', role: 'admin', omrade: null }, view, [remove('k1')])).toEqual({ ok: true })
  })

  it('[R1] stay open while the workbook is inskickad, and close when it is beslutad', () => {
    expect(checkUpdateTargets(chef, { ...view, status: 'inskickad' }, [write('k2', 'u-chef')])).toEqual({ ok: true })
    expect(checkUpdateTargets(eva, { ...view, status: 'inskickad' }, [write('k3', 'u-eva')])).toEqual({ ok: true })
    expect(checkUpdateTargets(eva, { ...view, status: 'beslutad' }, [write('k3', 'u-eva')])).toMatchObject({ ok: false })
  })
})
