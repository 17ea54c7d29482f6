import type { ColumnSpec, RowSpec } from '@samplan/domain'
import { describe, expect, it } from 'vitest'
import { messages } from '../app/i18n'
import { describeRefusal, refusalReason } from './edit-refusal'

const budget: ColumnSpec = { label: 'Budget 2024', type: 'number', unit: 'mnkr', editable: 'ekonom' }
const locked: ColumnSpec = { label: 'Ökning (+)/ minskning (-)', type: 'number', unit: 'mnkr', editable: 'locked' }
const places: ColumnSpec = { label: 'RSU-platser', type: 'integer', unit: 'st', editable: 'omradeschef' }
const data: RowSpec = { kind: 'data' }
const omrade1: RowSpec = { kind: 'data', omrade: 'Område 1' }
const omrade2: RowSpec = { kind: 'data', omrade: 'Område 2' }
const ekonom = { role: 'ekonom', omrade: null } as const
const chef1 = { role: 'omradeschef', omrade: 'Område 1' } as const
const sv = messages('sv-SE').grid.refused

describe('refusalReason names the rule that refuses an edit', () => {
  it('refuses nothing the domain allows, except header rows', () => {
    expect(refusalReason(ekonom, 'utkast', budget, data)).toBeNull()
    expect(refusalReason(chef1, 'utkast', places, omrade1)).toBeNull()
    expect(refusalReason(ekonom, 'utkast', budget, { kind: 'header' })).toEqual({ kind: 'label-row' })
  })

  it('names beslutad first, then the läsare role, then the column or område', () => {
    expect(refusalReason({ role: 'admin', omrade: null }, 'beslutad', budget, data)).toEqual({ kind: 'beslutad' })
    expect(refusalReason(ekonom, 'inskickad', budget, data)).toEqual({ kind: 'inskickad' })
    expect(refusalReason({ role: 'admin', omrade: null }, 'inskickad', budget, data)).toBeNull()
    expect(refusalReason({ role: 'lasare', omrade: null }, 'utkast', budget, data)).toEqual({ kind: 'read-only-role' })
    expect(refusalReason(ekonom, 'utkast', locked, data)).toEqual({ kind: 'locked-column', column: 'Ökning (+)/ minskning (-)' })
    expect(refusalReason(chef1, 'utkast', budget, data)).toEqual({ kind: 'outside-own-column', omrade: 'Område 1' })
    expect(refusalReason(chef1, 'utkast', places, omrade2)).toEqual({ kind: 'other-omrade', omrade: 'Område 1', rowOmrade: 'Område 2' })
  })

  it('words each reason in Swedish', () => {
    expect(describeRefusal({ kind: 'beslutad' }, sv)).toMatch(/beslutad/)
    expect(describeRefusal({ kind: 'read-only-role' }, sv)).toMatch(/läsare/)
    expect(describeRefusal({ kind: 'locked-column', column: 'Pott' }, sv)).toBe('Kolumnen ”Pott” är låst: den räknas fram eller är en etikett.')
    expect(describeRefusal({ kind: 'outside-own-column', omrade: 'Område 1' }, sv)).toContain('RSU-platser för Område 1')
    expect(describeRefusal({ kind: 'other-omrade', omrade: 'Område 1', rowOmrade: 'Område 2' }, sv)).toMatch(/Område 2.*Område 1/)
  })
})
