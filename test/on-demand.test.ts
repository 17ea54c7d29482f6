import { describe, expect, it } from 'vitest'
import { signIn, useServerAndBrowser } from './support/browser'
import { openVersions } from './support/menus'

/** Chunks of the parts most sessions never open (apps/web/src/app/on-demand.tsx); Vite names a chunk after its module. */
const ON_DEMAND = /\/assets\/(VersionsDialog|ImportDialog|AdminDialog|PasswordDialog|ScenariosPanel)-[^/]*\.js$/

describe('parts used rarely load on demand', () => {
  const env = useServerAndBrowser()

  it("opens the workbook without the dialogs' code, and fetches the versions dialog when Arkiv > Versioner is chosen", async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } })
    try {
      const page = await context.newPage()
      const scripts: string[] = []
      page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname)
      })
      await signIn(page, env.server.url, 'ekonom')
      await page.locator('.ht_master td[data-cell="A1"]').first().waitFor()
      expect(scripts.some((path) => path.startsWith('/assets/handsontable-'))).toBe(true)
      expect(scripts.filter((path) => ON_DEMAND.test(path))).toEqual([])

      await openVersions(page)
      await page.getByTestId('versions').waitFor()
      expect(scripts.filter((path) => ON_DEMAND.test(path)).map((path) => path.split('/').at(-1)?.split('-')[0])).toEqual([
        'VersionsDialog',
      ])
    } finally {
      await context.close()
    }
  })
})
