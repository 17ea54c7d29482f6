import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { listSheets, openWorkbook } from '@samplan/domain'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureWebBuild, launchBrowser, signIn } from './support/browser'
import { settle } from './support/live-server'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'
import { connectClient, login, onDoc, waitFor } from './support/yjs-client'

const NBSP = /\u00a0/g

function pdfText(pdf: Buffer): { info: string; text: string } {
  const dir = mkdtempSync(join(tmpdir(), 'samplan-export-'))
  try {
    const file = join(dir, 'bilaga.pdf')
    writeFileSync(file, pdf)
    return {
      info: execFileSync('pdfinfo', [file]).toString(),
      text: execFileSync('pdftotext', ['-layout', file, '-']).toString().replace(NBSP, ' '),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('exports and import through the real server', () => {
  let server: ServerProcess
  let browser: Browser | undefined
  let ekonom: string
  let lasare: string
  const exportUrl = (query: string, token: string) => `${server.url}/api/workbooks/vp-2024/export?${query}&token=${encodeURIComponent(token)}`

  beforeAll(async () => {
    server = await startServerProcess()
    ekonom = await login(server.url, 'ekonom')
    lasare = await login(server.url, 'lasare')
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (server) removeDir(server.dataDir)
  })

  it('gives a läsare a PDF bilaga of the Budget sheet with header, Sid 1 (1), Swedish numbers and the working version', async () => {
    const res = await fetch(exportUrl('format=pdf&sheet=Budget&bilaga=1&dnr=UBN%202023%2F1234&date=2023-12-14', lasare))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''Bilaga%201%20Budget.pdf")
    const { info, text } = pdfText(Buffer.from(await res.arrayBuffer()))
    expect(info).toMatch(/Pages:\s+1\n/)
    expect(info).toMatch(/Title:\s+Bilaga 1: Budget/)
    for (const expected of ['Utbildningsnämnden', 'Bilaga 1', 'Dnr UBN 2023/1234', 'Sid 1 (1)', '2023-12-14', 'Arbetsversion ']) {
      expect(text).toContain(expected)
    }
    expect(text).toMatch(/Kostnader\s+19 494,6\s+20 684,1/)
    expect(text).toMatch(/Netto KF Budget\s+18 961,8\s+20 387,1/)
  })

  it('prints the name of a saved version in the footer when exporting that version', async () => {
    const created = await fetch(`${server.url}/api/workbooks/vp-2024/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ekonom}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Beslutad version 2023-12-14' }),
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    const res = await fetch(exportUrl(`format=pdf&sheet=Budget&version=${id}`, lasare))
    expect(res.status).toBe(200)
    expect(pdfText(Buffer.from(await res.arrayBuffer())).text).toContain('Beslutad version 2023-12-14')
  })

  it('serves xlsx and csv downloads, and refuses bad requests with clear errors', async () => {
    const xlsx = await fetch(exportUrl('format=xlsx&sheet=RSU', lasare))
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml')
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK')

    const csv = await fetch(exportUrl('format=csv&sheet=Budget', lasare))
    const body = Buffer.from(await csv.arrayBuffer()).toString('utf8')
    expect(body.startsWith('\uFEFF')).toBe(true)
    expect(body).toContain('Kostnader;19494,6;20684,1;1189,5\r\n')
    const rfc = await (await fetch(exportUrl('format=csv&sheet=Budget&dialect=rfc4180', lasare))).text()
    expect(rfc).toContain('Kostnader,19494.6,20684.1,1189.5\r\n')

    expect((await fetch(`${server.url}/api/workbooks/vp-2024/export?format=pdf`)).status).toBe(401)
    const unknownSheet = await fetch(exportUrl('format=pdf&sheet=Finns%20inte', lasare))
    expect(unknownSheet.status).toBe(404)
    expect(((await unknownSheet.json()) as { message: string }).message).toContain('Finns inte')
    expect((await fetch(exportUrl('format=docx', lasare))).status).toBe(400)
    expect((await fetch(`${server.url}/api/workbooks/nope/export?format=pdf&token=${lasare}`)).status).toBe(404)
  })

  it('imports an xlsx as new sheets that every client sees; a hostile file or a läsare changes nothing', async () => {
    const client = await connectClient(server.wsUrl, 'vp-2024', ekonom)
    try {
      const sheetNames = () => listSheets(openWorkbook(client.doc)).map((s) => s.name)
      const before = sheetNames()
      const post = (body: Uint8Array, token: string) =>
        fetch(`${server.url}/api/workbooks/vp-2024/import`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
          body: new Blob([new Uint8Array(body)]),
        })
      const xlsx = Buffer.from(await (await fetch(exportUrl('format=xlsx&sheet=Budget', ekonom))).arrayBuffer())

      const forbidden = await post(xlsx, lasare)
      expect(forbidden.status).toBe(403)
      const notZip = await post(Buffer.from('Kostnader;19494,6\r\n'), ekonom)
      expect(notZip.status).toBe(400)
      expect(await notZip.json()).toMatchObject({ error: 'invalid-request', message: 'Filen är inte en xlsx-fil (Excel-arbetsbok).' })
      const truncated = await post(xlsx.subarray(0, xlsx.length - 300), ekonom)
      expect(truncated.status).toBe(400)
      expect(await truncated.json()).toMatchObject({ error: 'invalid-request', message: expect.stringMatching(/^Filen är skadad/) })
      // Everything the server sent this client so far has arrived: a refused import would be in it.
      await settle(client)
      expect(sheetNames()).toEqual(before)

      const ok = await post(xlsx, ekonom)
      expect(ok.status).toBe(201)
      const { sheets } = (await ok.json()) as { sheets: Array<{ name: string }> }
      expect(sheets.map((s) => s.name)).toContain('Budget (2)')
      await waitFor(() => sheetNames().includes('Budget (2)'), onDoc(client.doc), 'imported sheet to reach the client')
      expect(sheetNames().length).toBe(before.length * 2)
    } finally {
      client.destroy()
    }
  })

  it('downloads an export in a real browser', async () => {
    ensureWebBuild()
    browser = await launchBrowser()
    const context = await browser.newContext({ acceptDownloads: true })
    const page = await context.newPage()
    await signIn(page, server.url, 'lasare')
    const downloading = page.waitForEvent('download')
    await page.evaluate((href) => {
      const a = document.createElement('a')
      a.href = href
      a.download = ''
      document.body.append(a)
      a.click()
    }, exportUrl('format=pdf&sheet=Budget&bilaga=2', lasare))
    const download = await downloading
    expect(download.suggestedFilename()).toBe('Bilaga 2 Budget.pdf')
    const file = await download.path()
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdfText(readFileSync(file)).text).toContain('Bilaga 2')
  })
})
