import { describe, expect, it } from 'vitest'
import { WorkbookTemplate, type TemplateCell, type TemplateSheet } from '../schema/template'
import seedJson from './vp2024-seed-facts.json'
import { vp2024PrintedTotals, vp2024Template } from './vp2024'

const seed = seedJson
const template = WorkbookTemplate.parse(vp2024Template)

function sheetNamed(name: string): TemplateSheet {
  const sheet = template.sheets.find((s) => s.name === name)
  if (!sheet) throw new Error(`no sheet ${name}`)
  return sheet
}

/** Cells of the rows whose column A equals `label` (labels may repeat, e.g. "varav …"). */
function rowsLabelled(sheet: TemplateSheet, label: string): TemplateCell[][] {
  return sheet.rows.filter((r) => r.cells[0] === label).map((r) => r.cells)
}

function rowLabelled(sheet: TemplateSheet, label: string): TemplateCell[] {
  const rows = rowsLabelled(sheet, label)
  expect(rows, `${sheet.name}: rows labelled ${label}`).toHaveLength(1)
  return rows[0] ?? []
}

const isFormula = (cell: TemplateCell | undefined): cell is string => typeof cell === 'string' && cell.startsWith('=')

// --- a tiny A1 reader, independent of the template builder ---

function columnNumber(letters: string): number {
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0)
}

interface Ref {
  sheet: string
  col: number
  row: number
}

/** References in a formula: `A1`, `A1:B3`, `'Sheet'!A1` (ranges expanded to their two corners). */
function references(formula: string, ownSheet: string): Array<{ from: Ref; to?: Ref }> {
  const withoutStrings = formula.replace(/"[^"]*"/g, '""')
  const pattern = /(?:'([^']+)'!)?\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?(?![\w(])/g
  const found: Array<{ from: Ref; to?: Ref }> = []
  for (const m of withoutStrings.matchAll(pattern)) {
    const before = withoutStrings[(m.index ?? 0) - 1]
    if (before !== undefined && /[A-Za-z0-9_]/.test(before)) continue
    const sheet = m[1] ?? ownSheet
    const from = { sheet, col: columnNumber(m[2] ?? ''), row: Number(m[3]) }
    found.push(m[4] ? { from, to: { sheet, col: columnNumber(m[4]), row: Number(m[5]) } } : { from })
  }
  return found
}

const functionsUsed = (formula: string) =>
  [...formula.replace(/"[^"]*"/g, '""').matchAll(/([A-Z][A-Z0-9.]*)\(/g)].map((m) => m[1])

/** A value inside the evaluator: a number, a text literal (IF's "" branch), or undefined for what it cannot read. */
type Evaluated = number | string | undefined

const COMPARE: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  '=': (a, b) => a === b,
  '<>': (a, b) => a !== b,
  '<': (a, b) => a < b,
  '>': (a, b) => a > b,
  '<=': (a, b) => a <= b,
  '>=': (a, b) => a >= b,
}

/**
 * Evaluates formulas made of numbers, references, + - * /, parentheses, SUM and IF over one
 * comparison; undefined for anything else and for a text result (the domain functions are
 * HyperFormula's job, tested elsewhere).
 */
function evaluate(sheetName: string, a1: string, seen = new Set<string>()): number | undefined {
  const m = /^([A-Z]+)(\d+)$/.exec(a1)
  if (!m) return undefined
  const key = `${sheetName}!${a1}`
  if (seen.has(key)) throw new Error(`circular reference at ${key}`)
  const sheet = sheetNamed(sheetName)
  const cell = sheet.rows[Number(m[2]) - 1]?.cells[columnNumber(m[1] ?? '') - 1]
  if (cell === null || cell === undefined) return 0
  if (typeof cell === 'number') return cell
  if (!isFormula(cell)) return undefined
  const next = new Set(seen).add(key)
  const tokens =
    cell.slice(1).match(/'[^']+'![A-Z]+\d+|[A-Z]+\d+:[A-Z]+\d+|[A-Z]+\d+|SUM|IF|"[^"]*"|<>|<=|>=|\d+(?:\.\d+)?|[-+*/(),=<>]|\S/g) ?? []
  let i = 0
  const peek = () => tokens[i]
  const refValue = (t: string): number | undefined => {
    const sm = /^'([^']+)'!([A-Z]+\d+)$/.exec(t)
    return sm ? evaluate(sm[1] ?? '', sm[2] ?? '', next) : evaluate(sheetName, t, next)
  }
  const primary = (): Evaluated => {
    const t = tokens[i++]
    if (t === undefined) return undefined
    if (t === '-') {
      const v = primary()
      return typeof v === 'number' ? -v : undefined
    }
    if (t.startsWith('"')) return t.slice(1, -1)
    if (t === 'IF') {
      i++ // (
      const left = expr()
      const compare = COMPARE[peek() ?? '']
      if (!compare) return undefined
      i++
      const right = expr()
      if (tokens[i++] !== ',') return undefined
      const then = expr()
      if (tokens[i++] !== ',') return undefined
      const otherwise = expr()
      if (tokens[i++] !== ')' || typeof left !== 'number' || typeof right !== 'number') return undefined
      return compare(left, right) ? then : otherwise
    }
    if (t === '(') {
      const v = expr()
      i++
      return v
    }
    if (t === 'SUM') {
      i++ // (
      let total = 0
      for (;;) {
        const arg = tokens[i++] ?? ''
        const range = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(arg)
        if (range) {
          for (let c = columnNumber(range[1] ?? ''); c <= columnNumber(range[3] ?? ''); c++) {
            for (let r = Number(range[2]); r <= Number(range[4]); r++) {
              const v = evaluate(sheetName, `${String.fromCharCode(64 + c)}${r}`, next)
              if (v === undefined) return undefined
              total += v
            }
          }
        } else {
          const v = refValue(arg)
          if (v === undefined) return undefined
          total += v
        }
        if (tokens[i++] === ')') return total
      }
    }
    if (/^\d/.test(t)) return Number(t)
    if (/^('[^']+'!)?[A-Z]+\d+$/.test(t)) return refValue(t)
    return undefined
  }
  const term = (): Evaluated => {
    let v = primary()
    while (peek() === '*' || peek() === '/') {
      const op = tokens[i++]
      const r = primary()
      if (typeof v !== 'number' || typeof r !== 'number') return undefined
      v = op === '*' ? v * r : v / r
    }
    return v
  }
  const expr = (): Evaluated => {
    let v = term()
    while (peek() === '+' || peek() === '-') {
      const op = tokens[i++]
      const r = term()
      if (typeof v !== 'number' || typeof r !== 'number') return undefined
      v = op === '+' ? v + r : v - r
    }
    return v
  }
  const value = expr()
  return i === tokens.length && typeof value === 'number' ? value : undefined
}

const NUMERIC_TYPES = new Set(['number', 'integer', 'percent'])
const VALUE_ROWS = new Set(['data', 'varav', 'summa', 'kontroll'])

describe('vp2024Template', () => {
  it('parses as a WorkbookTemplate with the document title', () => {
    expect(WorkbookTemplate.safeParse(vp2024Template).success).toBe(true)
    expect(template.title).toBe('Verksamhetsplan 2024 – Utbildningsnämnden')
  })

  it('has the sheets of the VP 2024 workbook, uniquely named', () => {
    const names = template.sheets.map((s) => s.name)
    expect(new Set(names).size).toBe(names.length)
    for (const name of [
      'Budget',
      'Verksamhetsområden',
      'Volym',
      'Volym egen regi',
      'Schabloner',
      'Skolpeng',
      'Särskilt stöd',
      'RSU',
      'Strukturellt underskott',
      'Indikatorer',
    ]) {
      expect(names).toContain(name)
    }
  })

  it('follows the grid conventions: header row of labels, locked text labels in A, no row wider than its columns', () => {
    for (const sheet of template.sheets) {
      const [header, ...rest] = sheet.rows
      expect(header?.kind, sheet.name).toBe('header')
      expect(header?.cells).toEqual(sheet.columns.map((c) => c.label))
      expect(rest.every((r) => r.kind !== 'header'), sheet.name).toBe(true)
      expect(sheet.columns[0]).toMatchObject({ type: 'text', editable: 'locked' })
      for (const row of sheet.rows) expect(row.cells.length, sheet.name).toBeLessThanOrEqual(sheet.columns.length)
      for (const column of sheet.columns) expect(column.width, `${sheet.name} ${column.label}`).toBeGreaterThan(0)
    }
  })

  it('keeps every input in its column type: numbers in number columns, integers whole, counts not negative', () => {
    for (const sheet of template.sheets) {
      for (const row of sheet.rows.filter((r) => VALUE_ROWS.has(r.kind))) {
        row.cells.forEach((cell, c) => {
          const column = sheet.columns[c]
          if (!column || cell === null || isFormula(cell)) return
          const where = `${sheet.name} ${String(row.cells[0])} / ${column.label}`
          if (NUMERIC_TYPES.has(column.type)) {
            expect(typeof cell, where).toBe('number')
            if (column.type === 'integer') expect(Number.isInteger(cell), where).toBe(true)
            if (column.min !== undefined) expect(cell as number, where).toBeGreaterThanOrEqual(column.min)
            if (column.type === 'percent') expect(Math.abs(cell as number), where).toBeLessThanOrEqual(1)
          } else {
            expect(typeof cell, where).toBe('string')
          }
        })
      }
    }
  })

  it('locks every column that holds only formulas, and lets only the RSU places be edited by områdeschefer', () => {
    for (const sheet of template.sheets) {
      sheet.columns.forEach((column, c) => {
        // Summa rows are formulas everywhere; an input column is one whose data rows take inputs.
        const cells = sheet.rows.filter((r) => r.kind === 'data' || r.kind === 'varav').map((r) => r.cells[c] ?? null)
        const filled = cells.filter((x) => x !== null)
        if (filled.length > 0 && filled.every(isFormula)) expect(column.editable, `${sheet.name} ${column.label}`).toBe('locked')
        if (column.editable === 'omradeschef') expect([sheet.name, column.label]).toEqual(['RSU', 'RSU-platser'])
      })
    }
    expect(sheetNamed('RSU').columns.some((c) => c.editable === 'omradeschef')).toBe(true)
  })

  it('has formulas in every numeric column of every summa row', () => {
    let summaRows = 0
    for (const sheet of template.sheets) {
      for (const row of sheet.rows.filter((r) => r.kind === 'summa')) {
        summaRows++
        sheet.columns.forEach((column, c) => {
          if (NUMERIC_TYPES.has(column.type)) expect(isFormula(row.cells[c]), `${sheet.name} ${column.label}`).toBe(true)
        })
      }
    }
    expect(summaRows).toBeGreaterThanOrEqual(5)
  })

  it('refers in formulas only to existing value cells, with known functions and no cycles', () => {
    const known = new Set(['SUM', 'IF', 'COUNT', 'MEETSFLOOR', 'RSUPREMIUM', 'RSUPOTSHARE', 'RSUGRANT', 'RSUFEE', 'STRUCTURALDEFICIT', 'DEFICITGRANT'])
    const names = new Set(template.sheets.map((s) => s.name))
    let formulas = 0
    for (const sheet of template.sheets) {
      sheet.rows.forEach((row, r) => {
        row.cells.forEach((cell, c) => {
          if (!isFormula(cell)) return
          formulas++
          const where = `${sheet.name}!${String.fromCharCode(65 + c)}${r + 1} ${cell}`
          expect(VALUE_ROWS.has(row.kind), where).toBe(true)
          expect(cell).not.toMatch(/;/)
          for (const fn of functionsUsed(cell)) expect(known.has(fn ?? ''), `${where}: ${fn}`).toBe(true)
          const refs = references(cell, sheet.name)
          expect(refs.length, where).toBeGreaterThan(0)
          for (const { from, to } of refs) {
            for (const ref of to ? [from, to] : [from]) {
              expect(names.has(ref.sheet), where).toBe(true)
              const target = sheetNamed(ref.sheet)
              expect(ref.col, where).toBeGreaterThanOrEqual(1)
              expect(ref.col, where).toBeLessThanOrEqual(target.columns.length)
              expect(ref.row, where).toBeGreaterThanOrEqual(2)
              expect(ref.row, where).toBeLessThanOrEqual(target.rows.length)
              expect(VALUE_ROWS.has(target.rows[ref.row - 1]?.kind ?? 'header'), where).toBe(true)
            }
            if (to) expect(to.row >= from.row && to.col >= from.col, where).toBe(true)
          }
          evaluate(sheet.name, `${String.fromCharCode(65 + c)}${r + 1}`)
        })
      })
    }
    expect(formulas).toBeGreaterThan(80)
  })

  it('finds each of its references with the A1 reader (checker self-test)', () => {
    expect(references("=SUM(B2:B5)+'Volym'!E4-C3", 'X')).toEqual([
      { from: { sheet: 'X', col: 2, row: 2 }, to: { sheet: 'X', col: 2, row: 5 } },
      { from: { sheet: 'Volym', col: 5, row: 4 } },
      { from: { sheet: 'X', col: 3, row: 3 } },
    ])
    expect(references('=RSUPREMIUM(B2,C2,D2,3)', 'X')).toHaveLength(3)
    expect(references('=IF(COUNT(B2:G2)=6,"A1","")', 'X')).toHaveLength(1)
  })
})

describe('vp2024Template numbers against the seed facts', () => {
  it('takes every numeric input from the seed JSON', () => {
    const seedNumbers: number[] = []
    const collect = (v: unknown): void => {
      if (typeof v === 'number') seedNumbers.push(v)
      else if (Array.isArray(v)) v.forEach(collect)
      else if (v !== null && typeof v === 'object') Object.values(v).forEach(collect)
    }
    collect(seed)
    const close = (a: number, b: number) => Math.abs(a - b) < 1e-9
    // VP 2023 in egen regi is not printed: it is VP 2024 less the printed change.
    const derived = seed.volymer_egen_regi.rows.flatMap((r) => r.varav.map((v) => v.vp_2024 - v.forandring_2024))
    let inputs = 0
    for (const sheet of template.sheets) {
      for (const row of sheet.rows.filter((r) => VALUE_ROWS.has(r.kind))) {
        row.cells.forEach((cell, c) => {
          if (typeof cell !== 'number' || c === 0) return
          if (sheet.name === 'Indikatorer' && sheet.columns[c]?.label === 'Nr') return
          inputs++
          const percent = sheet.columns[c]?.type === 'percent'
          const ok =
            seedNumbers.some((s) => close(s, cell) || (percent && close(s / 100, cell))) ||
            (sheet.name === 'Volym egen regi' && derived.some((d) => close(d, cell)))
          expect(ok, `${sheet.name} ${String(row.cells[0])} col ${c}: ${cell}`).toBe(true)
        })
      }
    }
    expect(inputs).toBeGreaterThan(150)
  })

  it('Budget: kostnader, intäkter and investeringar as in the budgetram', () => {
    const budget = sheetNamed('Budget')
    for (const r of seed.budgetram.rows.filter((x) => x.label !== 'Netto KF Budget')) {
      expect(rowLabelled(budget, r.label).slice(1, 3)).toEqual([r.budget_2023, r.budget_2024])
    }
  })

  it('Verksamhetsområden: all four columns per område and Investeringar', () => {
    const sheet = sheetNamed('Verksamhetsområden')
    const v = seed.verksamhetsomraden
    for (const r of [...v.rows, v.investeringar]) {
      expect(rowLabelled(sheet, r.label).slice(1)).toEqual([r.utfall_2022, r.budget_2023_vp, r.prognos_oktober_2023, r.budget_2024_vp])
    }
  })

  it('Volym: KF 2024 and VP 2024 as printed, KF 2023 as KF 2024 less the printed change', () => {
    const sheet = sheetNamed('Volym')
    for (const r of seed.volymer_hemkommun.rows) {
      const cells = rowLabelled(sheet, r.skolform)
      expect([cells[1], cells[2], cells[4]]).toEqual([r.kf_2024 - r.forandring_kf2024_jfr_kf2023, r.kf_2024, r.vp_2024])
    }
  })

  it('Volym egen regi: every varav row as printed, in order under its skolform', () => {
    const sheet = sheetNamed('Volym egen regi')
    const rows = sheet.rows.slice(1)
    const expected = seed.volymer_egen_regi.rows.flatMap((r) => [
      { label: r.skolform, kind: 'data', values: undefined as number[] | undefined },
      ...r.varav.map((v) => ({ label: v.label, kind: 'varav', values: [v.vp_2024 - v.forandring_2024, v.vp_2024] })),
    ])
    expect(rows.map((r) => [r.cells[0], r.kind])).toEqual(expected.map((e) => [e.label, e.kind]))
    rows.forEach((row, i) => {
      const values = expected[i]?.values
      if (values) expect(row.cells.slice(1, 3)).toEqual(values)
    })
  })

  it('Schabloner and Skolpeng: changes as fractions of the printed percentages', () => {
    const schabloner = sheetNamed('Schabloner')
    for (const r of seed.schabloner_forandring.tables.flatMap((t) => t.rows)) {
      expect(rowLabelled(schabloner, r.label)[1]).toBeCloseTo(r.forandring_2024_pct / 100, 12)
    }
    const skolpeng = sheetNamed('Skolpeng')
    for (const table of seed.skolpeng_forandring.tables) {
      for (const r of table.rows) expect(rowLabelled(skolpeng, r.label)[1]).toBeCloseTo(r.forandring_2024_pct / 100, 12)
    }
    expect(rowLabelled(skolpeng, 'Grundskola åk F-9').slice(4, 7)).toEqual([0.71, 0.71, '=MEETSFLOOR(E4,F4)'])
  })

  it('Särskilt stöd: mnkr and elever per row as printed', () => {
    const sheet = sheetNamed('Särskilt stöd')
    for (const r of seed.sarskilt_stod.rows) {
      expect(rowLabelled(sheet, r.label).slice(1, 6)).toEqual([
        r.budget_2024_mnkr,
        r.budget_2023_mnkr,
        r.antal_elever_budget_2023,
        r.antal_elever_okt_2023,
        r.antal_elever_budget_2024,
      ])
    }
    const belopp = sheetNamed('Särskilt stöd belopp')
    expect(rowLabelled(belopp, 'varav strukturbidrag')[1]).toBe(162330)
    expect(rowLabelled(belopp, 'varav SU-gruppstillägg')[1]).toBe(81670)
    expect(rowLabelled(belopp, 'RSU-bidrag egen regi')[1]).toBe(seed.rsu.rsu_bidrag.value)
  })

  it('RSU: årspremier per band, placeholder områden tagged and empty, places editable by områdeschef', () => {
    const parametrar = sheetNamed('RSU-parametrar')
    for (const r of seed.rsu.arspremie_table.rows) {
      expect(rowLabelled(parametrar, r.label).slice(1, 3)).toEqual([r.arspremie_2023, r.arspremie_2024])
    }
    const rsu = sheetNamed('RSU')
    const omraden = rsu.rows.filter((r) => r.omrade !== undefined)
    expect(omraden.length).toBeGreaterThan(0)
    for (const row of omraden) {
      expect(row.cells[0]).toBe(row.omrade)
      expect(row.note).toMatch(/Platshållare/)
      // No invented pupil counts or places: the seed has none per område.
      row.cells.forEach((cell) => expect(typeof cell === 'number').toBe(false))
    }
    const places = rsu.columns.findIndex((c) => c.label === 'RSU-platser')
    expect(rsu.columns[places]).toMatchObject({ type: 'integer', min: 0, editable: 'omradeschef' })
  })

  it('Strukturellt underskott and Resultatenheter: anslag and fonder as printed', () => {
    const sheet = sheetNamed('Strukturellt underskott')
    for (const a of seed.strukturellt_underskott.anslag_2024) {
      const cells = rowLabelled(sheet, a.enhet)
      expect(cells[9]).toBe(a.mnkr)
      expect(cells[7]).toMatch(/STRUCTURALDEFICIT\(B\d+:D\d+,E\d+:G\d+,3\)/)
      expect(cells[8]).toMatch(/DEFICITGRANT/)
    }
    const fonder = sheetNamed('Resultatenheter')
    for (const r of seed.strukturellt_underskott.fonder_table.rows) {
      const cells = rowLabelled(fonder, r.label.replace(/ \(\d+ st\)$/, ''))
      expect([cells[1], cells[3]]).toEqual([r.antal_enheter, r.belopp_mnkr])
    }
  })

  it('Indikatorer: all 60 with mål, årsmål, KF:s årsmål, periodicitet and an empty utfall', () => {
    const sheet = sheetNamed('Indikatorer')
    const col = (label: string) => sheet.columns.findIndex((c) => c.label === label)
    const data = sheet.rows.filter((r) => r.kind === 'data')
    expect(seed.indikatorer.items).toHaveLength(60)
    expect(data).toHaveLength(60)
    seed.indikatorer.items.forEach((item, i) => {
      const cells = data[i]?.cells ?? []
      expect(cells[col('Nr')]).toBe(item.nr)
      expect(cells[col('Indikator')]).toBe(item.indikator)
      expect(cells[col('Mål')]).toBe(item.namndmal_id ? `Nämndmål ${item.namndmal_id}` : `KF-mål ${item.kf_mal_id}`)
      expect(cells[col('Årsmål')]).toBe(item.arsmal.value)
      expect(cells[col('KF:s årsmål år 2024')]).toBe(item.kf_arsmal?.value ?? null)
      expect(cells[col('KF:s årsmål, text')]).toBe((item.kf_arsmal as { text?: string } | null)?.text ?? null)
      expect(cells[col('Periodicitet')]).toBe(item.periodicitet)
      expect(cells[col('Utfall')] ?? null).toBeNull()
    })
    expect(sheet.columns[col('Utfall')]?.editable).toBe('ekonom')
    expect(sheet.rows.filter((r) => r.kind === 'section')).toHaveLength(seed.indikatorer.tables.length)
  })
})

describe('vp2024PrintedTotals', () => {
  it('points at formula cells and agrees with the arithmetic where that is plain', () => {
    expect(vp2024PrintedTotals.length).toBeGreaterThan(30)
    const seen = new Set<string>()
    let evaluated = 0
    for (const p of vp2024PrintedTotals) {
      const key = `${p.sheet}!${p.cell}`
      expect(seen.has(key), key).toBe(false)
      seen.add(key)
      const m = /^([A-Z]+)(\d+)$/.exec(p.cell)
      expect(m, key).not.toBeNull()
      const cell = sheetNamed(p.sheet).rows[Number(m?.[2]) - 1]?.cells[columnNumber(m?.[1] ?? '') - 1]
      expect(isFormula(cell), key).toBe(true)
      const computed = evaluate(p.sheet, p.cell)
      if (computed === undefined) continue
      evaluated++
      const decimals = (String(p.printed).split('.')[1] ?? '').length
      const halfUnit = 0.5 * 10 ** -decimals
      // A known discrepancy (the print's own rounding) may be one unit of the last printed digit.
      const tolerance = (p.note?.includes('avrundning') ? 2 * halfUnit : halfUnit) + 1e-9
      expect(Math.abs(computed - p.printed), `${key}: ${computed} vs printed ${p.printed}`).toBeLessThanOrEqual(tolerance)
    }
    expect(evaluated).toBe(vp2024PrintedTotals.length)
  })

  it('includes the headline totals: Netto KF Budget, Summa drift netto and särskilt stöd Totalt', () => {
    const printed = (sheet: string, label: string, column: string) => {
      const row = sheetNamed(sheet).rows.findIndex((r) => r.cells[0] === label) + 1
      return vp2024PrintedTotals.find((p) => p.sheet === sheet && p.cell === `${column}${row}`)?.printed
    }
    expect(printed('Budget', 'Netto KF Budget', 'C')).toBe(20387.1)
    expect(printed('Verksamhetsområden', 'Summa drift netto', 'E')).toBe(20387.1)
    expect(printed('Särskilt stöd', 'Totalt', 'B')).toBe(500)
  })
})
