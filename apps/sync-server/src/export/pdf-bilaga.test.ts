import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findSheetByName, listSheets, type Workbook } from '@samplan/domain'
import { createWorkbookMirror, type WorkbookMirror } from '@samplan/formulas'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderBilagaPdf, type BilagaOptions } from './pdf-bilaga'
import { buildSheetTable } from './sheet-table'
import { createVp2024Workbook } from './test-support'

const OPTIONS: BilagaOptions = {
  bilaga: '5.1',
  workbookTitle: 'Utbildningsnämndens verksamhetsplan 2024',
  dnr: 'UBN 2023/1234',
  date: '2023-12-14',
  versionLabel: 'Beslutad version 2023-12-14',
}

/** pdftotext/pdfinfo (poppler-utils) read the file as any PDF reader would. */
function poppler(pdf: Buffer): { info: string; text: (page?: number) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'samplan-pdf-'))
  const file = join(dir, 'bilaga.pdf')
  writeFileSync(file, pdf)
  return {
    info: execFileSync('pdfinfo', [file]).toString(),
    text: (page) =>
      execFileSync('pdftotext', ['-layout', ...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-'])
        .toString()
        .replace(/\u00a0/g, ' '),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

describe('PDF bilaga', () => {
  let workbook: Workbook
  let mirror: WorkbookMirror
  const table = (name: string) => buildSheetTable(workbook, mirror, findSheetByName(workbook, name)!.id, 'sv-SE', { markUnplanned: true })

  beforeAll(() => {
    workbook = createVp2024Workbook()
    mirror = createWorkbookMirror(workbook)
  })
  afterAll(() => mirror.destroy())

  it('prints the header, Sid 1 (1), Swedish numbers, Källa and the version on a one-page budget bilaga', async () => {
    const pdf = poppler(await renderBilagaPdf(table('Budget'), OPTIONS))
    try {
      expect(pdf.info).toMatch(/Pages:\s+1\n/)
      expect(pdf.info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/)
      const text = pdf.text()
      for (const expected of ['Utbildningsnämnden', 'Bilaga 5.1', 'Dnr UBN 2023/1234', 'Sid 1 (1)', '2023-12-14', 'Budget', 'Beslutad version 2023-12-14', 'start.stockholm']) {
        expect(text).toContain(expected)
      }
      // Seed figures: kostnader 20 684,1 mnkr, netto 20 387,1 mnkr, intäkter change -235,8 mnkr.
      expect(text).toMatch(/Kostnader\s+19 494,6\s+20 684,1\s+1 189,5/)
      expect(text).toMatch(/Netto KF Budget\s+18 961,8\s+20 387,1\s+1 425,3/)
      expect(text).toMatch(/Intäkter\s+532,8\s+297,0\s+-235,8/)
      expect(text).toContain('Källa: Utbildningsnämndens verksamhetsplan 2024')
    } finally {
      pdf.cleanup()
    }
  })

  it('carries a title, Swedish language and tags for accessibility, and keeps text selectable', async () => {
    const buffer = await renderBilagaPdf(table('Budget'), OPTIONS)
    const pdf = poppler(buffer)
    try {
      expect(pdf.info).toMatch(/Title:\s+Bilaga 5\.1: Budget/)
      expect(pdf.info).toMatch(/Tagged:\s+yes/)
      expect(buffer.toString('latin1')).toContain('/Lang (sv-SE)')
    } finally {
      pdf.cleanup()
    }
  })

  it('numbers every page "Sid N (M)" and repeats the table header on each page of a long table', async () => {
    const pdf = poppler(await renderBilagaPdf(table('Indikatorer'), { ...OPTIONS, bilaga: undefined }))
    try {
      const pages = Number(/Pages:\s+(\d+)/.exec(pdf.info)?.[1])
      expect(pages).toBeGreaterThan(1)
      for (let page = 1; page <= pages; page++) {
        const text = pdf.text(page)
        expect(text).toContain(`Sid ${page} (${pages})`)
        expect(text).toMatch(/Mål\s+Nr\s+Indikator\s+Årsmål/)
      }
      expect(pdf.text(1)).toMatch(/^Utbildningsnämnden\s+Bilaga\n/)
    } finally {
      pdf.cleanup()
    }
  })

  it('indents varav rows and prints percent with a space (Volym egen regi: 74 %)', async () => {
    const pdf = poppler(await renderBilagaPdf(table('Volym egen regi'), OPTIONS))
    try {
      const text = pdf.text()
      // 75 700 / 102 360 = 73,95 % of stockholmselever in egen regi grundskola.
      expect(text).toMatch(/ {2,}varav hemkommun Stockholm\s+76 650\s+75 700\s+-950\s+74 %/)
    } finally {
      pdf.cleanup()
    }
  })

  it('prints rows nobody has planned yet as blank, not as 0 (RSU before the områdeschefer fill in their places)', async () => {
    const pdf = poppler(await renderBilagaPdf(table('RSU'), OPTIONS))
    try {
      const lines = pdf.text().split('\n')
      for (const label of ['Område 1', 'Område 2', 'Område 3', 'Område 4', 'Summa']) {
        const line = lines.find((l) => l.trim() === label || l.trimStart().startsWith(`${label} `))
        expect(line, label).toBeDefined()
        expect(line!.trim(), label).toBe(label)
      }
    } finally {
      pdf.cleanup()
    }
    // Real zeros stay: Volym egen regi's "varav från annan kommun" change is a computed 0 of filled inputs.
    const volym = poppler(await renderBilagaPdf(table('Volym egen regi'), OPTIONS))
    try {
      expect(volym.text()).toMatch(/varav från annan kommun[^\n]*\s0\s/)
    } finally {
      volym.cleanup()
    }
  })

  it('breaks header texts only between words, on every sheet', async () => {
    for (const sheet of listSheets(workbook)) {
      const t = table(sheet.name)
      const words = t.rows
        .filter((r) => r.kind === 'header')
        .flatMap((r) => r.cells.flatMap((c) => c.text.split(/\s+/)))
        .map((w) => w.replace(/[,()]/g, ''))
        .filter((w) => w.length >= 4)
      const pdf = poppler(await renderBilagaPdf(t, OPTIONS))
      try {
        const text = pdf.text()
        const broken = words.filter((w) => !text.includes(w))
        expect(broken, sheet.name).toEqual([])
      } finally {
        pdf.cleanup()
      }
    }
  })
})
