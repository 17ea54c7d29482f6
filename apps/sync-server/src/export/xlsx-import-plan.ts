import { type Actor, type Api, type ImportCell, type ImportFile, type ImportTargets, planImport, type Workbook } from '@samplan/domain'
import { toExcelFormula } from './excel-formula'
import type { ImportedSheet } from './xlsx-import'
import { canonicalFormulaText } from './xlsx-sheet'

/** The sheets read from a file as the domain's import file: dense rows, formulas with their `=`. */
export function toImportFile(sheets: readonly ImportedSheet[]): ImportFile {
  return {
    sheets: sheets.map((sheet) => {
      const width = sheet.columns.length
      const rows: ImportCell[][] = sheet.rows.map(() => Array<ImportCell>(width).fill(null))
      for (const [r, c, cell] of sheet.cells) {
        const row = rows[r]
        if (!row || c >= width) continue
        row[c] = 'formula' in cell ? { formula: `=${cell.formula}` } : cell.value
      }
      return { name: sheet.name, rows, columns: sheet.columns, rowKinds: sheet.rows, frozenRows: sheet.frozenRows }
    }),
  }
}

/**
 * A formula as our xlsx export writes it and this reader reads it back (Samplan functions
 * inlined, `_xlfn.` added then stripped), so the workbook's own export plans no change (IM5).
 */
export function exportedFormula(engineFormula: string): string | undefined {
  const excel = toExcelFormula(engineFormula)
  return excel.ok ? `=${canonicalFormulaText(excel.formula)}` : undefined
}

/** The preview of importing the read sheets into a workbook for this user (domain SPEC IM1-IM10). */
export function planXlsxImport(
  workbook: Workbook,
  sheets: readonly ImportedSheet[],
  actor: Actor,
  targets: ImportTargets,
): Api.ImportPreview {
  const plan = planImport(workbook, toImportFile(sheets), { actor, targets, exportedFormula })
  const neutralised = sheets.flatMap((sheet) => sheet.neutralised.map((n) => ({ sheet: sheet.name, ...n })))
  return { plan, fileSheets: sheets.map((s) => s.name), neutralised }
}
