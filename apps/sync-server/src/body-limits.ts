import type { Context, MiddlewareHandler, Next } from 'hono'
import { bodyLimit } from 'hono/body-limit'

/** Largest body of a JSON route (login, versions, status, new workbook); the biggest real one is well under 1 KiB. */
export const JSON_BODY_LIMIT_BYTES = 64 * 1024

const IMPORT_PATH = /^\/api\/workbooks\/[^/]+\/import$/

function sizeText(bytes: number): string {
  return bytes >= 1_048_576 ? `${bytes / 1_048_576} MB` : `${bytes / 1024} KiB`
}

/** hono's bodyLimit answering 413 with a Swedish JSON error. */
export function limitBody(maxSize: number, what = 'Förfrågan'): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: (c) => c.json({ error: 'too-large', message: `${what} är för stor (högst ${sizeText(maxSize)}).` }, 413),
  })
}

/**
 * The first middleware of every route, before sign-in, so the limit holds for requests without
 * a token too. A declared Content-Length over the limit is refused from the header alone; a
 * chunked body is counted as it streams in and refused once it passes the limit, never read
 * further. The import route is the exception: before sign-in only its declared length is
 * checked, so nobody without a token can make the server buffer megabytes; its full limit runs
 * after sign-in (`importBodyLimit`).
 */
export function requestBodyLimits(importMaxBytes: number): MiddlewareHandler {
  const json = limitBody(JSON_BODY_LIMIT_BYTES)
  const importDeclared = limitBody(importMaxBytes, 'Filen')
  return (c: Context, next: Next) => {
    if (c.req.method === 'POST' && IMPORT_PATH.test(c.req.path)) {
      return c.req.header('content-length') !== undefined ? importDeclared(c, next) : next()
    }
    return json(c, next)
  }
}

/** The import route's own limit, mounted after sign-in. */
export function importBodyLimit(importMaxBytes: number): MiddlewareHandler {
  return limitBody(importMaxBytes, 'Filen')
}
