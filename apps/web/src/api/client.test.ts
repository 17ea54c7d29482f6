import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Api } from '@samplan/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiRequestError, createApiClient, NO_CONTENT } from './client'

/** What the test server saw of a request. */
interface Seen {
  method: string
  url: string
  authorization: string | undefined
  contentType: string | undefined
  ifNoneMatch?: string | undefined
  body: string
}

type Route = (seen: Seen, res: ServerResponse) => void

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

const version = { id: 'v1', name: 'Förslag', createdAt: '2024-01-01T00:00:00Z', createdBy: 'u1', createdByName: 'Eva Ekonom' }

/** A real HTTP server on 127.0.0.1 answering as the sync server does, one route per path. */
const routes: Record<string, Route> = {
  '/api/workbooks/vp/versions': (seen, res) =>
    seen.method === 'POST' ? json(res, 201, { ...version, name: JSON.parse(seen.body).name }) : json(res, 200, { versions: [version] }),
  '/api/workbooks/vp/import': (seen, res) => json(res, 201, { sheets: [{ id: 's', name: seen.body, rows: 1, columns: 1 }], neutralised: [] }),
  '/api/forbidden': (_seen, res) => json(res, 403, { error: 'forbidden', message: 'Bara en administratör kan återställa en version.' }),
  '/api/expired': (_seen, res) => json(res, 401, { error: 'token-expired', message: 'Inloggningen har gått ut.' }),
  '/api/login': (_seen, res) => json(res, 401, { error: 'bad-credentials', message: 'Fel användarnamn eller lösenord.' }),
  '/api/gone': (_seen, res) => json(res, 404, { error: 'workbook-not-found', message: 'Arbetsboken finns inte.' }),
  '/api/proxy': (_seen, res) => {
    res.writeHead(502, { 'content-type': 'text/html' })
    res.end('<html>Bad gateway</html>')
  },
  '/api/odd': (_seen, res) => json(res, 200, { versions: 'none' }),
  '/api/followed': (seen, res) => {
    if (seen.ifNoneMatch === '"v2"') {
      res.writeHead(304, { etag: '"v2"' })
      res.end()
    } else {
      res.writeHead(200, { 'content-type': 'application/json', etag: '"v2"' })
      res.end(JSON.stringify({ versions: [version] }))
    }
  },
  '/api/gone-now': (_seen, res) => {
    res.writeHead(204)
    res.end()
  },
}

let server: Server
let baseUrl: string
const seen: Seen[] = []

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      const entry = {
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        ifNoneMatch: req.headers['if-none-match'],
        body,
      }
      seen.push(entry)
      const route = routes[new URL(entry.url, 'http://x').pathname]
      if (route) route(entry, res)
      else json(res, 404, { error: 'not-found', message: 'Ingen API-resurs.' })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the request to fail')
    },
    (err: unknown) => {
      expect(err).toBeInstanceOf(ApiRequestError)
      const { code, status, message } = err as ApiRequestError
      return { code, status, message }
    },
  )

describe('the API client', () => {
  it('sends the token and JSON, and reads the answer through the contract schema', async () => {
    const api = createApiClient({ token: 't0ken', baseUrl })
    expect(await api.get('/api/workbooks/vp/versions', Api.VersionList)).toEqual({ versions: [version] })
    expect(await api.post('/api/workbooks/vp/versions', Api.VersionRecord, { name: 'Nämndens beslut' })).toMatchObject({ name: 'Nämndens beslut' })
    const post = seen.at(-1)
    expect(post).toMatchObject({ method: 'POST', authorization: 'Bearer t0ken', contentType: 'application/json', body: '{"name":"Nämndens beslut"}' })
  })

  it('reads the newest token for each request when given where to read it (a renewed token needs no new client)', async () => {
    let token = 'first'
    const api = createApiClient({ token: () => token, baseUrl })
    await api.get('/api/workbooks/vp/versions', Api.VersionList)
    expect(seen.at(-1)?.authorization).toBe('Bearer first')
    token = 'renewed'
    await api.get('/api/workbooks/vp/versions', Api.VersionList)
    expect(seen.at(-1)?.authorization).toBe('Bearer renewed')
    expect(api.link('/api/workbooks/vp/export')).toBe(`${baseUrl}/api/workbooks/vp/export?token=renewed`)
  })

  it('sends a file as bytes', async () => {
    const api = createApiClient({ token: 't0ken', baseUrl })
    const result = await api.post('/api/workbooks/vp/import', Api.ImportResult, new Blob(['Budget (2)']))
    expect(result.sheets[0]?.name).toBe('Budget (2)')
    expect(seen.at(-1)?.contentType).toBe('application/octet-stream')
  })

  it("fails with the contract's code and the server's Swedish message", async () => {
    const api = createApiClient({ token: 't0ken', baseUrl })
    expect(await failure(api.post('/api/forbidden', Api.RestoreResponse))).toEqual({
      code: 'forbidden',
      status: 403,
      message: 'Bara en administratör kan återställa en version.',
    })
  })

  it('reads a code outside the contract from the status, and an answer without JSON too', async () => {
    const api = createApiClient({ baseUrl })
    expect(await failure(api.get('/api/gone', Api.WorkbookInfo))).toEqual({ code: 'not-found', status: 404, message: 'Arbetsboken finns inte.' })
    expect(await failure(api.get('/api/proxy', Api.WorkbookInfo))).toEqual({ code: 'internal', status: 502, message: 'Servern svarade 502.' })
  })

  it('refuses an answer that does not fit the contract', async () => {
    const api = createApiClient({ baseUrl })
    expect(await failure(api.get('/api/odd', Api.VersionList))).toMatchObject({ code: 'internal', message: 'Servern svarade med något oväntat.' })
  })

  it('asks to sign in again once when the token is refused', async () => {
    let calls = 0
    const api = createApiClient({ token: 'old', baseUrl, onUnauthorized: () => calls++ })
    const both = await Promise.all([failure(api.get('/api/expired', Api.WorkbookList)), failure(api.get('/api/expired', Api.WorkbookList))])
    expect(both[0]).toEqual({ code: 'unauthorized', status: 401, message: 'Inloggningen har gått ut.' })
    expect(calls).toBe(1)
  })

  it('does not sign anyone out for a wrong password (no token was sent)', async () => {
    let calls = 0
    const api = createApiClient({ baseUrl, onUnauthorized: () => calls++ })
    expect(await failure(api.post('/api/login', Api.LoginResponse, { username: 'eva', password: 'fel' }))).toMatchObject({
      code: 'bad-credentials',
      message: 'Fel användarnamn eller lösenord.',
    })
    expect(seen.at(-1)?.authorization).toBeUndefined()
    expect(calls).toBe(0)
  })

  it('says the server cannot be reached when nothing answers', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const api = createApiClient({ baseUrl: `http://127.0.0.1:${port}` })
    expect(await failure(api.get('/api/workbooks', Api.WorkbookList))).toEqual({
      code: 'unreachable',
      status: 0,
      message: 'Servern går inte att nå. Kontrollera anslutningen och försök igen.',
    })
  })

  it('asks whether a resource changed: null while the server answers 304, the new answer and its ETag otherwise', async () => {
    const api = createApiClient({ token: 't0ken', baseUrl })
    expect(await api.getIfChanged('/api/followed', Api.VersionList, '"v1"')).toEqual({ value: { versions: [version] }, etag: '"v2"' })
    expect(seen.at(-1)?.ifNoneMatch).toBe('"v1"')
    expect(await api.getIfChanged('/api/followed', Api.VersionList, '"v2"')).toBeNull()
    expect(await api.getIfChanged('/api/followed', Api.VersionList, null)).toMatchObject({ etag: '"v2"' })
    expect(seen.at(-1)?.ifNoneMatch).toBeUndefined()
    expect(await failure(api.getIfChanged('/api/gone', Api.VersionList, '"v1"'))).toMatchObject({ code: 'not-found', status: 404 })
  })

  it('reads an answer without a body (204) as no content', async () => {
    const api = createApiClient({ token: 't0ken', baseUrl })
    expect(await api.send('DELETE', '/api/gone-now', NO_CONTENT)).toBeUndefined()
    expect(seen.at(-1)?.method).toBe('DELETE')
    expect(await failure(api.send('DELETE', '/api/odd', NO_CONTENT))).toMatchObject({
      code: 'internal',
      message: 'Servern svarade med något oväntat.',
    })
  })

  it('puts the token in the query of a download link', () => {
    expect(createApiClient({ token: 'a b', baseUrl: '' }).link('/api/workbooks/vp/export', { format: 'pdf', sheet: 'Budget' })).toBe(
      '/api/workbooks/vp/export?format=pdf&sheet=Budget&token=a+b',
    )
    expect(createApiClient().link('/api/health')).toBe('/api/health')
  })
})
