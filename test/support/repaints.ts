import type { Page } from 'playwright-core'

/**
 * Which drawn cells of the grid (main table and frozen overlays) a step changes in any way: text,
 * classes, attributes. An attribute written with the value it already had (Handsontable's renderer
 * removes classes a cell does not carry) changes nothing and is not counted; one changed and changed
 * back is. `recordRepaints` starts recording; `repainted` waits two more frames (what the step still
 * had to draw is drawn) and returns the addresses, sorted.
 */
export function recordRepaints(page: Page): Promise<void> {
  return page.evaluate(() => {
    const seen = new Set<string>()
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'attributes' && record.target instanceof Element) {
          if (record.oldValue === record.target.getAttribute(record.attributeName ?? '')) continue
        }
        const element = record.target instanceof Element ? record.target : record.target.parentElement
        const td = element?.closest('td')
        if (td?.closest('.ht_master, [class*="ht_clone_"]')) seen.add(td.dataset.cell ?? '?')
      }
    })
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeOldValue: true })
    Object.assign(window, { __repaints: { seen, stop: () => observer.disconnect() } })
  })
}

export function repainted(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
    const { seen, stop } = (window as unknown as { __repaints: { seen: Set<string>; stop: () => void } }).__repaints
    stop()
    return [...seen].sort()
  })
}
