import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, extname, join } from 'node:path'
import { promisify } from 'node:util'
import {
  applyTemplate,
  findSheetByName,
  getSheetGrid,
  initWorkbook,
  openWorkbook,
  setCells,
  vp2024Template,
  type CellEdit,
  type Workbook,
} from '@samplan/domain'
import * as Y from 'yjs'

const run = promisify(execFile)

/** The VP 2024 workbook as the server seeds it. */
export function createVp2024Workbook(): Workbook {
  const workbook = openWorkbook(new Y.Doc())
  applyTemplate(workbook, vp2024Template)
  initWorkbook(workbook, { title: vp2024Template.title })
  return workbook
}

/** Writes rows of values into a sheet by position (row 0 = first row); null leaves a cell as it is. */
export function fillSheet(workbook: Workbook, sheetName: string, startRow: number, rows: Array<Array<number | null>>, startCol = 1): void {
  const sheet = findSheetByName(workbook, sheetName)
  if (!sheet) throw new Error(`no sheet ${sheetName}`)
  const grid = getSheetGrid(workbook, sheet.id)
  const edits: CellEdit[] = []
  rows.forEach((values, r) => {
    values.forEach((input, c) => {
      const rowId = grid.rowIds[startRow + r]
      const colId = grid.colIds[startCol + c]
      if (input !== null && rowId && colId) edits.push({ rowId, colId, input })
    })
  })
  setCells(workbook, sheet.id, edits)
}

/**
 * VP 2024 with planning figures in the empty RSU and strukturellt-underskott rows, so every
 * Samplan function computes a non-trivial value (the seed leaves them empty).
 */
export function createFilledVp2024Workbook(): Workbook {
  const workbook = createVp2024Workbook()
  // Område rows: elever F-3, 4-6, 7-9, (pott), RSU-platser, (pott/plats), placerade, (bidrag), kostnader, skolpeng, kunskapsbidrag.
  fillSheet(workbook, 'RSU', 1, [
    [4100, 3050, 2900, null, 12, null, 40, null, 14_200, 3_150, 610],
    [3800, 2990, 3120, null, 10, null, 42, null, 15_050, 3_300, 640],
    [4420, 3210, 2770, null, 14, null, 45, null, 16_900, 3_480, 700],
    [3650, 2800, 2650, null, 9, null, 43, null, 1_000, 3_200, 400],
  ])
  // Kärrtorp: never balances in three years; Betty Pettersson: balances in year 3.
  fillSheet(workbook, 'Strukturellt underskott', 1, [
    [61.4, 63.0, 64.1, 74.5, 75.2, 75.9],
    [40.2, 44.0, 47.5, 45.4, 46.0, 46.5],
  ])
  return workbook
}

let profileDir: string | undefined

/** A LibreOffice user profile that recalculates every formula on load (the default trusts cached values). */
function libreOfficeProfile(): string {
  if (profileDir) return profileDir
  profileDir = mkdtempSync(join(tmpdir(), 'samplan-lo-profile-'))
  mkdirSync(join(profileDir, 'user'), { recursive: true })
  writeFileSync(
    join(profileDir, 'user', 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
  )
  return profileDir
}

/** Opens `input` in headless LibreOffice (recalculating) and saves it as `format`; returns the file. */
export async function convertWithLibreOffice(input: Buffer, inputName: string, format: string): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'samplan-lo-'))
  try {
    const source = join(dir, inputName)
    writeFileSync(source, input)
    const outDir = join(dir, 'out')
    await run(
      'soffice',
      [`-env:UserInstallation=file://${libreOfficeProfile()}`, '--headless', '--norestore', '--convert-to', format, '--outdir', outDir, source],
      { timeout: 120_000 },
    )
    const extension = format.split(':')[0]!
    return readFileSync(join(outDir, `${basename(inputName, extname(inputName))}.${extension}`))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
