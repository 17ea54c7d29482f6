import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openWorkbook } from '../model/workbook'
import { addComment, cellThreads, commentedCells, deleteComment } from './comments'

describe('cell comments', () => {
  it('keeps threads per cell with author and time, synced through the doc', () => {
    const a = openWorkbook(new Y.Doc())
    const b = openWorkbook(new Y.Doc())
    a.doc.on('update', (u: Uint8Array) => Y.applyUpdate(b.doc, u))
    const eva = { id: 'u1', name: 'Eva Ekonom' }
    const omar = { id: 'u2', name: 'Omar Områdeschef' }
    const first = addComment(a, 's', { rowId: 'r1', colId: 'c1', author: eva, text: 'Stämmer 20 684,1?', at: '2024-01-01T10:00:00Z' })
    addComment(a, 's', { rowId: 'r1', colId: 'c1', parentId: first, author: omar, text: 'Ja, enligt KF.', at: '2024-01-01T10:05:00Z' })
    addComment(a, 's', { rowId: 'r2', colId: 'c1', author: omar, text: 'Annan cell' })
    const threads = cellThreads(b, 's', 'r1', 'c1')
    expect(threads).toHaveLength(1)
    expect(threads[0]!.root).toMatchObject({ authorName: 'Eva Ekonom', text: 'Stämmer 20 684,1?' })
    expect(threads[0]!.replies.map((r) => r.text)).toEqual(['Ja, enligt KF.'])
    expect(commentedCells(b, 's')).toEqual(new Set(['r1:c1', 'r2:c1']))
    deleteComment(a, 's', first)
    expect(cellThreads(b, 's', 'r1', 'c1')).toEqual([])
  })

  it('refuses empty comments', () => {
    const wb = openWorkbook(new Y.Doc())
    expect(() => addComment(wb, 's', { rowId: 'r', colId: 'c', author: { id: 'u', name: 'U' }, text: '   ' })).toThrow()
  })
})
