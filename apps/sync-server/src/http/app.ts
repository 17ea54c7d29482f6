import { serveStatic } from '@hono/node-server/serve-static'
import { compress } from 'hono/compress'
import { Hono } from 'hono'
import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { DEFAULT_IMPORT_LIMITS } from '../export/import-limits'
import type { AppDeps, Env } from './context'
import { ApiFailure, failureResponse, handleError } from './failures'
import { requestBodyLimits, requireUser } from './middleware'
import { adminRoutes } from './routes/admin'
import { computedRoutes } from './routes/computed'
import { exportRoutes } from './routes/export'
import { historyRoutes } from './routes/history'
import { importRoutes } from './routes/import'
import { oidcRoutes } from './routes/oidc'
import { passwordRoutes } from './routes/password'
import { quarantineRoutes } from './routes/quarantine'
import { scenarioRoutes } from './routes/scenarios'
import { sessionRoutes } from './routes/session'
import { versionRoutes } from './routes/versions'
import { workbookRoutes } from './routes/workbooks'

export type { AppDeps, Env } from './context'

/** The HTTP API, one sub-app per resource; every error leaves as the contract's `{ error, message }`. */
function apiRoutes(deps: AppDeps): Hono<Env> {
  const api = new Hono<Env>()
  // Sign-in before any route of these paths, unknown ones included: without a token, nothing is revealed.
  const signedIn = requireUser(deps.tokens)
  api.use('/me', signedIn)
  api.use('/workbooks', signedIn)
  api.use('/workbooks/*', signedIn)
  api.use('/admin', signedIn)
  api.use('/admin/*', signedIn)

  api.route('/', sessionRoutes(deps))
  api.route('/oidc', oidcRoutes(deps))
  api.route('/admin', adminRoutes(deps))
  api.route('/', passwordRoutes(deps))
  for (const routes of [workbookRoutes, historyRoutes, versionRoutes, quarantineRoutes, exportRoutes, importRoutes, scenarioRoutes]) {
    api.route('/workbooks', routes(deps))
  }
  api.route('/workbooks', computedRoutes(deps))
  api.all('*', (c) => {
    throw new ApiFailure('not-found', `Ingen API-resurs på ${c.req.path}.`)
  })
  return api
}

/**
 * The built web app, with its client-side routes (e.g. /w/vp-2024) answered by the app shell.
 * Files under /assets/ carry a content hash in their names, so browsers keep them for a year;
 * the shell is revalidated on every load so a new build is picked up. Text is gzip-compressed.
 */
export function webRoutes(webDist: string | undefined): Hono<Env> {
  const web = new Hono<Env>()
  if (webDist && existsSync(webDist)) {
    const root = relative(process.cwd(), webDist) || '.'
    web.use('/*', compress())
    web.use('/*', async (c, next) => {
      await next()
      if (c.res.status !== 200) return
      const hashed = c.req.path.startsWith('/assets/')
      c.res.headers.set('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
    })
    web.use('/*', serveStatic({ root }))
    web.get('/*', serveStatic({ root, rewriteRequestPath: () => '/index.html' }))
  } else {
    const missing = webDist ? join(webDist, 'index.html') : 'ingen sökväg'
    web.get('/', (c) => c.text(`Webbappen är inte byggd (${missing} saknas). Kör "npm start" från repots rot.`, 503))
  }
  return web
}

/** Routes only: `server.ts` owns the port, the websocket upgrade and shutdown. */
export function createApp(deps: AppDeps): Hono<Env> {
  const app = new Hono<Env>()
  // Before anything else, sign-in included: no route reads a body past its limit.
  app.use('*', requestBodyLimits(DEFAULT_IMPORT_LIMITS.maxFileBytes))
  app.route('/api', apiRoutes(deps))
  app.route('/', webRoutes(deps.webDist))
  app.notFound((c) => failureResponse(c, new ApiFailure('not-found', `Hittade inte ${c.req.path}.`)))
  app.onError(handleError)
  return app
}
