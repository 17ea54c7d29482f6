import { addSheet, formulaFromA1, getSheetGrid, initWorkbook, insertRows, openWorkbook, setCells } from '@samplan/domain'
import { createWorkbookMirror } from '@samplan/formulas'
import * as Y from 'yjs'
const wb = openWorkbook(new Y.Doc())
initWorkbook(wb, { title: 'B' })
for (let k = 0; k < 4; k++) {
const s = addSheet(wb, { name: 'Blad' + k, kind: 'generic', columns: Array.from({ length: 10 }, () => ({ label: 'x', type: 'number' as const, editable: 'ekonom' as const })) })
insertRows(wb, s, 0, 1000)
const grid = getSheetGrid(wb, s)
const edits = []
for (let i = 0; i < 1000; i++) for (let c = 0; c < 10; c++) edits.push({ rowId: grid.rowIds[i]!, colId: grid.colIds[c]!, input: c >= 7 ? formulaFromA1(wb, s, `=SUM(A${Math.max(1, i - 19)}:B${i + 1})+C${i + 1}`) : i * c })
setCells(wb, s, edits)
}
for (let i = 0; i < 8; i++) { const t = performance.now(); const m = createWorkbookMirror(wb); console.log((performance.now() - t).toFixed(0)); m.destroy() }
