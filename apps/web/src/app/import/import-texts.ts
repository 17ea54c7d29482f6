import type { UiLocale } from '../i18n'

// The import's own texts, so it can be mounted without touching the shared message catalog.
const TEXTS = {
  'sv-SE': {
    title: (file: string) => `Importera ${file}`,
    reading: 'Läser filen …',
    noChanges: 'Inga ändringar',
    summary: (cells: number, rows: number, sheets: number) =>
      [
        cells > 0 && `${cells} ${cells === 1 ? 'cell ändras' : 'celler ändras'}`,
        rows > 0 && `${rows} ${rows === 1 ? 'rad läggs till' : 'rader läggs till'}`,
        sheets > 0 && `${sheets} ${sheets === 1 ? 'nytt blad' : 'nya blad'}`,
      ]
        .filter(Boolean)
        .join(', '),
    locked: (n: number) => `${n} ${n === 1 ? 'cell' : 'celler'} är låsta för dig och importeras inte.`,
    rowsLocked: 'Du får inte lägga till rader eller blad just nu, så de importeras inte.',
    sheetCounts: (cells: number, rows: number) =>
      cells === 0 && rows === 0
        ? 'inga ändringar'
        : `${cells} ${cells === 1 ? 'cell' : 'celler'}, ${rows} ${rows === 1 ? 'rad' : 'rader'} till`,
    fileSheet: 'Blad i filen',
    target: 'Importera till',
    newSheet: 'Nytt blad',
    skip: 'Hoppa över',
    skipped: (columns: string) => `Kolumner som saknas i bladet hoppas över: ${columns}`,
    neutralised: (n: number) => `${n} ${n === 1 ? 'formel' : 'formler'} som pekade utanför arbetsboken importeras som värden.`,
    sheet: 'Blad',
    row: 'Rad',
    column: 'Kolumn',
    change: 'Gammalt → nytt',
    lockedMark: 'låst',
    added: 'ny rad',
    rowNumber: (n: number) => `rad ${n}`,
    more: (n: number) => `… och ${n} till`,
    apply: 'Importera',
    cancel: 'Avbryt',
    applied: (cells: number, rows: number) =>
      `Importerat: ${cells} ${cells === 1 ? 'cell' : 'celler'}, ${rows} ${rows === 1 ? 'rad' : 'rader'}. Ctrl+Z ångrar importen.`,
    failed: 'Importen misslyckades',
    outdated: (sheet: string) =>
      `Rader eller kolumner i ${sheet} har ändrats sedan förhandsvisningen, så inget importerades. Förhandsvisningen är uppdaterad: granska den och importera igen.`,
  },
  en: {
    title: (file: string) => `Import ${file}`,
    reading: 'Reading the file …',
    noChanges: 'No changes',
    summary: (cells: number, rows: number, sheets: number) =>
      [
        cells > 0 && `${cells} ${cells === 1 ? 'cell changes' : 'cells change'}`,
        rows > 0 && `${rows} ${rows === 1 ? 'row added' : 'rows added'}`,
        sheets > 0 && `${sheets} ${sheets === 1 ? 'new sheet' : 'new sheets'}`,
      ]
        .filter(Boolean)
        .join(', '),
    locked: (n: number) => `${n} ${n === 1 ? 'cell is' : 'cells are'} locked for you and will not be imported.`,
    rowsLocked: 'You may not add rows or sheets now, so they will not be imported.',
    sheetCounts: (cells: number, rows: number) =>
      cells === 0 && rows === 0 ? 'no changes' : `${cells} ${cells === 1 ? 'cell' : 'cells'}, ${rows} ${rows === 1 ? 'row' : 'rows'} added`,
    fileSheet: 'Sheet in the file',
    target: 'Import into',
    newSheet: 'New sheet',
    skip: 'Skip',
    skipped: (columns: string) => `Columns the sheet lacks are skipped: ${columns}`,
    neutralised: (n: number) => `${n} ${n === 1 ? 'formula' : 'formulas'} reaching outside the workbook are imported as values.`,
    sheet: 'Sheet',
    row: 'Row',
    column: 'Column',
    change: 'Old → new',
    lockedMark: 'locked',
    added: 'new row',
    rowNumber: (n: number) => `row ${n}`,
    more: (n: number) => `… and ${n} more`,
    apply: 'Import',
    cancel: 'Cancel',
    applied: (cells: number, rows: number) =>
      `Imported: ${cells} ${cells === 1 ? 'cell' : 'cells'}, ${rows} ${rows === 1 ? 'row' : 'rows'}. Ctrl+Z undoes the import.`,
    failed: 'Import failed',
    outdated: (sheet: string) =>
      `Rows or columns of ${sheet} changed after the preview, so nothing was imported. The preview is updated: review it and import again.`,
  },
} as const

export type ImportTexts = (typeof TEXTS)[UiLocale]

export function importTexts(locale: UiLocale): ImportTexts {
  return TEXTS[locale]
}
