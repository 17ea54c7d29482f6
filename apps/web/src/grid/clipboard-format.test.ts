import type { CopiedBlock } from '@samplan/domain'
import { describe, expect, it } from 'vitest'
import { clipboardHtml, readBlock, SAMPLAN_CLIPBOARD_TYPE } from './clipboard-format'

const block: CopiedBlock = { format: 'samplan-cells', version: 1, mode: 'copy', sheetName: 'Budget', row: 4, col: 1, cells: [['=SUM(B2:B4)', 'a<b']] }

/** Just what readBlock reads of a paste event's DataTransfer. */
const transfer = (data: Record<string, string>) => ({ getData: (type: string) => data[type] ?? '' }) as unknown as DataTransfer

describe('the clipboard (domain F12)', () => {
  it('gives Excel the shown text and the number, escaped, and carries the block', () => {
    const html = clipboardHtml([['20\u00a0684,1', '<b>&']], [[20684.1, undefined]], block)
    expect(html).toContain('<td x:num="20684.1" style="mso-number-format:General;text-align:right">20\u00a0684,1</td>')
    expect(html).toContain('<td>&#60;b&#62;&#38;</td>')
    expect(html).toContain('xmlns:x="urn:schemas-microsoft-com:office:excel"')
    expect(html).toContain(`data-samplan="${JSON.stringify(block).replace(/"/g, '&#34;').replace(/</g, '&#60;')}"`)
    expect(clipboardHtml([['x']], [[undefined]], undefined)).not.toContain('data-samplan')
  })

  it("reads Samplan's own type, and nothing that fails the domain's schema", () => {
    expect(readBlock(transfer({ [SAMPLAN_CLIPBOARD_TYPE]: JSON.stringify(block) }))).toEqual(block)
    expect(readBlock(transfer({ [SAMPLAN_CLIPBOARD_TYPE]: '{"format":"samplan-cells"}' }))).toBeUndefined()
    expect(readBlock(transfer({ [SAMPLAN_CLIPBOARD_TYPE]: 'not json' }))).toBeUndefined()
    expect(readBlock(transfer({ 'text/plain': '1 234,5' }))).toBeUndefined()
    expect(readBlock(null)).toBeUndefined()
  })
})
