import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import type { BilagaChart } from './chart-svg'
import { fitColumnWidths, headerTextWidth, widestWord } from './column-widths'
import type { SheetTable, TableRow } from './sheet-table'

const require = createRequire(import.meta.url)

/** pdfmake 0.3's Node entry (no bundled types): the part of its API this module uses. */
interface PdfMake {
  setFonts(fonts: Record<string, Record<string, string>>): void
  setUrlAccessPolicy(policy: (url: string) => boolean): void
  setLocalAccessPolicy(policy: (path: string) => boolean): void
  createPdf(doc: Record<string, unknown>): { getBuffer(): Promise<Buffer> }
}

const pdfmake = require('pdfmake') as PdfMake
const FONT_DIR = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto')

/** Who issues the bilaga: printed in the header and footer. Configuration, never guessed from the seeds. */
export interface BilagaOrganisation {
  /** The board, e.g. "Utbildningsnämnden". */
  namnd: string
  forvaltning: string
  avdelning: string
  /** Web address printed in the footer band, e.g. "start.stockholm". */
  web: string
}

export const DEFAULT_ORGANISATION: BilagaOrganisation = {
  namnd: 'Utbildningsnämnden',
  forvaltning: 'Utbildningsförvaltningen',
  avdelning: 'Avdelningen för ekonomi och styrning',
  web: 'start.stockholm',
}

export interface BilagaOptions {
  /** "5.1", "5.8 a"; without it the header says "Bilaga". */
  bilaga?: string
  /** Title above the table; default the sheet name. */
  title?: string
  /** The workbook the bilaga belongs to, e.g. "Utbildningsnämndens verksamhetsplan 2024". */
  workbookTitle: string
  dnr?: string
  /** yyyy-mm-dd. */
  date: string
  /** Which state of the workbook was printed: "Beslutad version 2023-12-14", "Arbetsversion 2024-01-10". */
  versionLabel: string
  organisation?: BilagaOrganisation
  /** The sheet's charts, printed after its table as vector graphics. */
  charts?: readonly BilagaChart[]
}

const A4_PORTRAIT_WIDTH = 595.28 - 2 * 40
const A4_LANDSCAPE_WIDTH = 841.89 - 2 * 40
const UNITS_IN_HEADER = new Set(['mnkr', 'tkr', 'kr'])

let configured = false

function configure(): void {
  if (configured) return
  const font = (file: string) => join(FONT_DIR, file)
  pdfmake.setFonts({
    Roboto: {
      normal: font('Roboto-Regular.ttf'),
      bold: font('Roboto-Medium.ttf'),
      italics: font('Roboto-Italic.ttf'),
      bolditalics: font('Roboto-MediumItalic.ttf'),
    },
  })
  // A bilaga never fetches anything: no URLs, and only the font folder on disk.
  pdfmake.setUrlAccessPolicy(() => false)
  pdfmake.setLocalAccessPolicy((path) => resolve(path).startsWith(FONT_DIR))
  configured = true
}

/** Header texts of the table: the sheet's header rows, with mnkr/tkr/kr added where no header names the unit. */
function headerRows(table: SheetTable): string[][] {
  const headers = table.rows.filter((row) => row.kind === 'header')
  const texts = headers.length > 0 ? headers.map((row) => row.cells.map((cell) => cell.text)) : [table.columns.map((c) => c.spec.label)]
  const firstHeader = texts.map((row) => row[0] ?? '').join(' ')
  const last = texts[texts.length - 1]!
  return texts.map((row) =>
    row.map((text, c) => {
      const unit = table.columns[c]?.spec.unit
      const named = firstHeader.includes(unit ?? '') || texts.some((r) => (r[c] ?? '').includes(unit ?? ''))
      return row === last && unit && UNITS_IN_HEADER.has(unit) && !named ? `${text}, ${unit}` : text
    }),
  )
}

function bodyRow(row: TableRow, table: SheetTable): Record<string, unknown>[] {
  const count = table.columns.length
  if (row.kind === 'section' || row.kind === 'note') {
    const text = row.cells.map((c) => c.text).filter((t) => t !== '').join(' ')
    const spanned: Record<string, unknown> = {
      text,
      colSpan: count,
      bold: row.kind === 'section',
      italics: row.kind === 'note',
      margin: row.kind === 'section' ? [0, 4, 0, 0] : [0, 0, 0, 0],
    }
    return [spanned, ...Array.from({ length: count - 1 }, () => ({}))]
  }
  return row.cells.map((cell, c) => {
    const numeric = typeof cell.value === 'number' || cell.errorType !== undefined
    return {
      // Nothing planned yet reads as blank, never as a real 0,0 (domain I7).
      text: cell.unplanned ? '' : cell.text,
      alignment: numeric ? alignOf(table, c) : 'left',
      bold: row.kind === 'summa',
      // varav rows are indented, as in the VP's tables.
      margin: c === 0 && row.kind === 'varav' ? [10, 0, 0, 0] : [0, 0, 0, 0],
    }
  })
}

/** Numbers sit right in number columns; the label column and text columns are left-aligned. */
function alignOf(table: SheetTable, c: number): 'left' | 'right' {
  const spec = table.columns[c]?.spec
  return c > 0 && spec !== undefined && spec.type !== 'text' && spec.type !== 'date' ? 'right' : 'left'
}

/** A chart with its title, kept on one page, scaled to fit the page width. */
function chartBlock(chart: BilagaChart, pageWidth: number): Record<string, unknown> {
  const width = Math.min(pageWidth, chart.width * 0.75)
  return {
    unbreakable: true,
    margin: [0, 16, 0, 0],
    stack: [
      { text: chart.title, bold: true, fontSize: 10, margin: [0, 0, 0, 4] },
      { svg: chart.svg, width, height: (width * chart.height) / chart.width },
    ],
  }
}

/** pdfmake's default cell padding, left plus right, in points. */
const CELL_PADDING = 8
const FONT_SIZE = 9

/**
 * Column widths in points: the grid widths scaled to the page, but each column at least as wide
 * as the longest word of its header, so a header breaks between words only.
 */
function columnWidths(table: SheetTable, headers: string[][], pageWidth: number): number[] {
  const preferred = table.columns.map((c) => c.spec.width ?? 100)
  // Rounded up a point: pdfmake wraps a word that fills its column to the last fraction.
  const minimum = table.columns.map((_, c) =>
    Math.ceil(widestWord(headers.map((row) => row[c] ?? ''), (word) => headerTextWidth(word, FONT_SIZE)) + 1),
  )
  return fitColumnWidths(preferred, minimum, pageWidth - table.columns.length * CELL_PADDING)
}

/**
 * A sheet as a PDF bilaga on A4, laid out as the VP's printed bilagor: header with the nämnd, "Bilaga N", dnr,
 * "Sid N (M)" and date on every page; a table with Swedish numbers whose header rows repeat on
 * every page; Summa rows bold, varav rows indented; "Källa:" under the table; the version in the
 * footer. Text is real text (selectable), and the file carries a title and language (sv).
 */
export async function renderBilagaPdf(table: SheetTable, options: BilagaOptions): Promise<Buffer> {
  configure()
  const org = options.organisation ?? DEFAULT_ORGANISATION
  const title = options.title ?? table.sheet.name
  const bilagaLabel = options.bilaga ? `Bilaga ${options.bilaga}` : 'Bilaga'
  const totalPx = table.columns.reduce((sum, c) => sum + (c.spec.width ?? 100), 0)
  const landscape = totalPx > 900
  const pageWidth = landscape ? A4_LANDSCAPE_WIDTH : A4_PORTRAIT_WIDTH

  const headers = headerRows(table)
  const body = [
    ...headers.map((row) =>
      row.map((text, c) => ({ text, bold: true, alignment: alignOf(table, c), fillColor: '#eeeeee' })),
    ),
    ...table.rows.filter((row) => row.kind !== 'header').map((row) => bodyRow(row, table)),
  ]

  const doc = {
    pageSize: 'A4',
    pageOrientation: landscape ? 'landscape' : 'portrait',
    pageMargins: [40, 110, 40, 60],
    language: 'sv-SE',
    tagged: true,
    displayTitle: true,
    version: '1.7',
    info: {
      title: `${bilagaLabel}: ${title}`,
      author: org.forvaltning,
      subject: options.workbookTitle,
      creator: 'Samplan',
      producer: 'Samplan',
    },
    defaultStyle: { font: 'Roboto', fontSize: FONT_SIZE },
    header: (currentPage: number, pageCount: number) => ({
      margin: [40, 30, 40, 0],
      columns: [
        { width: '*', stack: [{ text: org.namnd, bold: true }, org.forvaltning, org.avdelning] },
        {
          width: 'auto',
          alignment: 'right',
          stack: [
            { text: bilagaLabel, bold: true },
            options.dnr ? `Dnr ${options.dnr}` : '',
            `Sid ${currentPage} (${pageCount})`,
            options.date,
          ],
        },
      ],
    }),
    footer: () => ({
      margin: [40, 20, 40, 0],
      columns: [
        { width: '*', text: options.versionLabel, fontSize: 8 },
        { width: 'auto', text: org.web, fontSize: 8 },
      ],
    }),
    content: [
      { text: title, fontSize: 14, bold: true, margin: [0, 0, 0, 2] },
      { text: `Bilaga till ${options.workbookTitle}`, margin: [0, 0, 0, 12] },
      {
        table: { headerRows: headers.length, dontBreakRows: true, widths: columnWidths(table, headers, pageWidth), body },
        layout: {
          hLineWidth: (i: number) => (i === headers.length ? 0.8 : 0.2),
          vLineWidth: () => 0,
          hLineColor: () => '#999999',
        },
      },
      ...(table.sheet.source ? [{ text: `Källa: ${table.sheet.source}`, fontSize: 8, margin: [0, 8, 0, 0] }] : []),
      ...(options.charts ?? []).map((chart) => chartBlock(chart, pageWidth)),
    ],
  }
  return pdfmake.createPdf(doc).getBuffer()
}

