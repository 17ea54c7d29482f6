import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { webRoutes } from './app'

describe('serving the built web app', () => {
  const dist = mkdtempSync(join(tmpdir(), 'samplan-dist-'))
  mkdirSync(join(dist, 'assets'))
  const script = `console.log(${JSON.stringify('x'.repeat(20_000))})`
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>')
  writeFileSync(join(dist, 'assets', 'index-3f9a1c.js'), script)
  afterAll(() => rmSync(dist, { recursive: true, force: true }))
  const web = webRoutes(dist)

  it('compresses the bundle and lets browsers keep hashed assets for a year', async () => {
    const res = await web.request('/assets/index-3f9a1c.js', { headers: { 'accept-encoding': 'gzip' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const body = Buffer.from(await res.arrayBuffer())
    expect(body.length).toBeLessThan(script.length / 10)
    expect(gunzipSync(body).toString()).toBe(script)
  })

  it('revalidates the app shell, for its own path and for client-side routes', async () => {
    for (const path of ['/', '/w/vp-2024']) {
      const res = await web.request(path)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('cache-control'), path).toBe('no-cache')
      expect(await res.text(), path).toContain('id="root"')
    }
  })
})
