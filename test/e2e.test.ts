import { describe, expect, it } from 'vitest'
import { cellLocator, findCell, openSignedIn, screenshot, useServerAndBrowser } from './support/browser'

const NBSP = '\u00a0'

describe('two browsers co-edit the VP 2024 budget sheet', () => {
  const env = useServerAndBrowser()
  const openWorkbook = (username = 'ekonom') => openSignedIn(env.browser, env.server.url, username)

  it('shows an edit typed in page A, and the formula depending on it, in page B', async () => {
    const a = await openWorkbook()
    const b = await openWorkbook()

    const kostnader = await findCell(a, 'Kostnader', 'Budget 2024')
    const netto = await findCell(a, 'Netto KF Budget', 'Budget 2024')
    const intakter = await findCell(a, 'Intäkter', 'Budget 2024')
    await expect.poll(() => cellLocator(b, kostnader).textContent()).toBe(`20${NBSP}684,1`)
    await expect.poll(() => cellLocator(b, netto).textContent()).toBe(`20${NBSP}387,1`)

    await cellLocator(a, kostnader).click()
    await a.keyboard.type('21000,5')
    await a.keyboard.press('Enter')

    await expect.poll(() => cellLocator(b, kostnader).textContent(), { timeout: 10_000 }).toBe(`21${NBSP}000,5`)
    await expect.poll(() => cellLocator(b, netto).textContent(), { timeout: 10_000 }).toBe(`20${NBSP}703,5`)

    // The formula bar shows the Swedish formula of the selected dependent cell.
    await cellLocator(b, netto).click()
    await expect.poll(() => b.getByTestId('formula-bar').inputValue()).toBe(`=${kostnader}-${intakter}`)
    await screenshot(a, 'budget-page-a')
    await screenshot(b, 'budget-page-b')
  })
})
