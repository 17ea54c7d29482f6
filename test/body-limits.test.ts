import { describe, expect, it } from 'vitest'
import { rawRequest } from './support/http-client'
import { useServer } from './support/use-server'
import { login } from './support/yjs-client'

const MB = 1024 * 1024

describe('body limits: no route reads a body past its limit, signed in or not', () => {
  const env = useServer()

  const healthy = async () => {
    const res = await fetch(`${env.server.url}/api/health`)
    expect(res.status).toBe(200)
  }

  it('answers an unauthenticated chunked 100 MB login body with 413 after 64 KiB, and stays responsive', async () => {
    const res = await rawRequest(`${env.server.url}/api/login`, {
      headers: { 'content-type': 'application/json' },
      streamBytes: 100 * MB,
    })
    expect(res.status).toBe(413)
    // The body never ends (rawRequest): the answer came without it.
    expect(JSON.parse(res.body)).toEqual({ error: 'too-large', message: 'Förfrågan är för stor (högst 64 KiB).' })
    await healthy()
    expect(await login(env.server.url, 'ekonom')).toMatch(/^ey/)
  })

  it('answers a declared 100 MB body from the header alone, before sign-in, on every kind of route', async () => {
    for (const path of ['/api/login', '/api/workbooks', '/api/workbooks/vp-2024/import', '/api/nothing-here', '/']) {
      const res = await rawRequest(`${env.server.url}${path}`, {
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(100 * MB) },
      })
      expect(res.status, path).toBe(413)
      expect(res.sent, path).toBe(0)
      const { message } = JSON.parse(res.body) as { message: string }
      expect(message, path).toBe(path.endsWith('/import') ? 'Filen är för stor (högst 10 MB).' : 'Förfrågan är för stor (högst 64 KiB).')
    }
    await healthy()
  })

  it('never buffers an unauthenticated chunked upload to the import route: 401 without reading it', async () => {
    const res = await rawRequest(`${env.server.url}/api/workbooks/vp-2024/import`, {
      headers: { 'content-type': 'application/octet-stream' },
      streamBytes: 100 * MB,
    })
    // The body never ends (rawRequest): a server that buffered it before the sign-in check would never answer.
    expect(res.status).toBe(401)
    await healthy()
  })

  it('stops a signed-in chunked import at the 10 MB cap with 413', async () => {
    const token = await login(env.server.url, 'ekonom')
    const res = await rawRequest(`${env.server.url}/api/workbooks/vp-2024/import`, {
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      streamBytes: 100 * MB,
    })
    expect(res.status).toBe(413)
    expect(JSON.parse(res.body)).toEqual({ error: 'too-large', message: 'Filen är för stor (högst 10 MB).' })
    // It read up to the cap and answered without the rest of a body that never ends.
    expect(res.sent).toBeGreaterThan(10 * MB)
    await healthy()
  })

  it('still takes ordinary JSON bodies', async () => {
    const token = await login(env.server.url, 'ekonom')
    const res = await fetch(`${env.server.url}/api/workbooks/vp-2024/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Efter gränserna' }),
    })
    expect(res.status).toBe(201)
  })
})
