import { CopiedBlock } from '@samplan/domain'

/**
 * The clipboard type Samplan puts its own block under (the inputs, with formulas, domain F12),
 * beside text/plain and text/html for other programs.
 */
export const SAMPLAN_CLIPBOARD_TYPE = 'application/x-samplan-cells+json'

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/**
 * An HTML table Excel and Sheets read: the text as shown (`20 684,1`), the plain number in
 * Excel's `x:num` (so Excel in any locale gets numbers), and the block in `data-samplan` for
 * clipboards that drop unknown types.
 */
export function clipboardHtml(shown: string[][], numbers: Array<Array<number | undefined>>, block: CopiedBlock | undefined): string {
  const rows = shown
    .map((row, i) => {
      const cells = row.map((text, j) => {
        const n = numbers[i]?.[j]
        const num = n === undefined ? '' : ` x:num="${escapeHtml(String(n))}" style="mso-number-format:General;text-align:right"`
        return `<td${num}>${escapeHtml(text)}</td>`
      })
      return `<tr>${cells.join('')}</tr>`
    })
    .join('')
  const data = block ? ` data-samplan="${escapeHtml(JSON.stringify(block))}"` : ''
  return (
    '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"><meta name="generator" content="Samplan"></head>' +
    `<body><table${data}><tbody>${rows}</tbody></table></body></html>`
  )
}

/** A Samplan block from a paste event's clipboard, or undefined (refused by the domain's schema). */
export function readBlock(data: DataTransfer | null): CopiedBlock | undefined {
  if (!data) return undefined
  const parse = (json: string) => {
    try {
      const result = CopiedBlock.safeParse(JSON.parse(json))
      return result.success ? result.data : undefined
    } catch {
      return undefined
    }
  }
  const own = data.getData(SAMPLAN_CLIPBOARD_TYPE)
  if (own) return parse(own)
  const html = data.getData('text/html')
  if (!html?.includes('data-samplan=')) return undefined
  const table = new DOMParser().parseFromString(html, 'text/html').querySelector('table[data-samplan]')
  const json = table?.getAttribute('data-samplan')
  return json ? parse(json) : undefined
}
