import type { ColumnSpec, SummedTextWarning } from '@samplan/domain'
import { describe, expect, it } from 'vitest'
import { cellView, type CellViewInput } from './cell-view'

const mnkr: ColumnSpec = { label: 'Budget 2024', type: 'number', unit: 'mnkr', decimals: 1, editable: 'ekonom' }
const count: ColumnSpec = { label: 'VP 2024', type: 'integer', unit: 'st', decimals: 0, min: 0, editable: 'ekonom' }

/** A plain data cell holding 20 684,1 that the user may edit; each test changes what it is about. */
const cell = (over: Partial<CellViewInput> = {}): CellViewInput => ({
  locale: 'sv-SE',
  address: 'C2',
  column: mnkr,
  row: { kind: 'data' },
  computed: { value: 20684.1 },
  input: 20684.1,
  readOnly: false,
  highlightEditable: false,
  commented: false,
  peers: [],
  sumWarning: undefined,
  overwritten: undefined,
  ...over,
})

describe('cellView: what a cell shows', () => {
  it('formats a figure in its column, right-aligned, with its row kind', () => {
    expect(cellView(cell())).toEqual({
      text: '20\u00a0684,1',
      classes: ['sp-cell', 'sp-num', 'sp-row-data'],
      title: '',
      dataset: { cell: 'C2' },
      peerColor: undefined,
    })
    // Years in a header row are labels, not figures.
    expect(cellView(cell({ row: { kind: 'header' }, computed: { value: 2024 } })).classes).toEqual(['sp-cell', 'sp-row-header'])
  })

  it('greys cells the user may not change, and marks an områdeschef’s own cells', () => {
    expect(cellView(cell({ readOnly: true, highlightEditable: true })).classes).toContain('sp-locked')
    expect(cellView(cell({ readOnly: true, highlightEditable: true })).classes).not.toContain('sp-editable-own')
    expect(cellView(cell({ highlightEditable: true })).classes).toContain('sp-editable-own')
    expect(cellView(cell()).classes).not.toContain('sp-locked')
  })

  it('[I6] flags a Kontroll row that is not 0 in its format, saying why', () => {
    const kontroll = cell({ row: { kind: 'kontroll' }, computed: { value: 0.2 } })
    expect(cellView(kontroll).classes).toContain('sp-kontroll-deviation')
    expect(cellView(kontroll).title).toBe('Kontrollen visar en avvikelse: siffrorna som ska stämma överens gör det inte.')
    expect(cellView({ ...kontroll, locale: 'en' }).title).toBe('The check shows a difference: figures that must agree do not.')
    // Below half a unit of the last decimal it shows as 0,0: no deviation.
    expect(cellView(cell({ row: { kind: 'kontroll' }, computed: { value: 0.04 } })).classes).not.toContain('sp-kontroll-deviation')
  })

  it('[V1] shows an invalid number as typed, outlined, with the reason on hover', () => {
    const view = cellView(cell({ column: count, input: 2.5, computed: { value: 2.5 } }))
    expect(view.text).toBe('2,5')
    expect(view.classes).toContain('sp-invalid')
    expect(view.title).toMatch(/^Ange ett heltal: 2,5 har decimaler/)
    const text = cellView(cell({ input: 'nittiofyra', computed: { value: 'nittiofyra' } }))
    expect(text.text).toBe('nittiofyra')
    expect(text.title).toBe('Ange ett tal (text i en sifferkolumn): "nittiofyra" räknas inte med')
  })

  it("[FD1][FD3] names an error as Excel does in the locale and explains it on hover", () => {
    const divided = cell({ input: '=B2/0', computed: { value: null, error: { type: 'DIV_BY_ZERO', display: '#DIVISION/0!' } } })
    expect(cellView(divided)).toMatchObject({
      text: '#DIVISION/0!',
      classes: ['sp-cell', 'sp-row-data', 'sp-error'],
      title: '#DIVISION/0!: Division med noll: nämnaren är 0 eller en tom cell.',
    })
    expect(cellView({ ...divided, locale: 'en' }).text).toBe('#DIV/0!')
  })

  it('[V7] marks a total that skips text and names the cell, after any error text', () => {
    const sumWarning: SummedTextWarning = {
      functionName: 'SUM',
      cells: [],
      message: 'Text räknas inte med i SUMMA: B2 ("nittiofyra")',
      messageEn: 'Text is not counted in SUM: B2 ("nittiofyra")',
    }
    const view = cellView(cell({ input: '=SUM(B2:B3)', sumWarning }))
    expect(view.classes).toContain('sp-sum-text')
    expect(view.dataset.warning).toBe('Text räknas inte med i SUMMA: B2 ("nittiofyra")')
    expect(view.title).toBe('Text räknas inte med i SUMMA: B2 ("nittiofyra")')
    const failing = cell({ input: '=SUM(B2:B3)', sumWarning, computed: { value: null, error: { type: 'REF', display: '#REFERENS!' } } })
    expect(cellView(failing).title.split('\n')).toEqual([expect.stringMatching(/^#REFERENS!: Ogiltig referens/), 'Text räknas inte med i SUMMA: B2 ("nittiofyra")'])
  })

  it('outlines a cell colleagues have selected in the first one’s colour, naming them all', () => {
    const view = cellView(cell({ peers: [{ user: { name: 'Anna Admin', color: '#2e7d32' } }, { user: { name: 'Lars Läsare', color: '#6a1b9a' } }] }))
    expect(view.classes).toContain('sp-peer')
    expect(view.dataset.peer).toBe('Anna Admin, Lars Läsare')
    expect(view.peerColor).toBe('#2e7d32')
  })

  it('marks comments and overwrites, the overwrite on its own line of the hover text', () => {
    expect(cellView(cell({ commented: true })).classes).toContain('sp-commented')
    const view = cellView(cell({ column: count, input: 2.5, overwritten: 'Anna Admin skrev över ditt värde 175 kl. 10:15' }))
    expect(view.classes).toEqual(expect.arrayContaining(['sp-invalid', 'sp-overwritten']))
    expect(view.dataset.overwritten).toBe('Anna Admin skrev över ditt värde 175 kl. 10:15')
    expect(view.title.split('\n')[1]).toBe('Anna Admin skrev över ditt värde 175 kl. 10:15')
  })

  it('[SC11] tints a cell the open scenario changes and, apart, a cell whose value it moves, saying both values on hover', () => {
    const changed = cellView(cell({ scenario: { kind: 'changed', title: 'Ändrad i scenariot: plan 20 684,1 → scenario 20 890,9' } }))
    expect(changed.classes).toContain('sp-scenario-changed')
    expect(changed.classes).not.toContain('sp-scenario-moved')
    expect(changed.dataset.scenario).toBe('changed')
    expect(changed.title).toBe('Ändrad i scenariot: plan 20 684,1 → scenario 20 890,9')
    const movedMark = { kind: 'moved', title: 'Påverkas av scenariot: plan 20 387,1 → scenario 20 593,9' } as const
    const moved = cellView(cell({ input: '=SUM(C2:C3)', scenario: movedMark }))
    expect(moved.classes).toContain('sp-scenario-moved')
    expect(moved.dataset.scenario).toBe('moved')
    // Added on its own line after what else the cell says.
    const overwritten = cellView(
      cell({ overwritten: 'Anna Admin skrev över ditt värde', scenario: { kind: 'changed', title: 'Ändrad i scenariot' } }),
    )
    expect(overwritten.title.split('\n')).toEqual(['Anna Admin skrev över ditt värde', 'Ändrad i scenariot'])
    expect(cellView(cell()).classes.some((c) => c.startsWith('sp-scenario'))).toBe(false)
    expect(cellView(cell()).dataset.scenario).toBeUndefined()
  })

  it('shows nothing but its address for a cell outside the sheet', () => {
    expect(cellView(cell({ column: undefined, row: undefined, computed: undefined, input: undefined }))).toEqual({
      text: '',
      classes: ['sp-cell'],
      title: '',
      dataset: { cell: 'C2' },
      peerColor: undefined,
    })
  })
})
