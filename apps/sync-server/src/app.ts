import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { serveStatic } from '@hono/node-server/serve-static'
import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { z } from 'zod'
import { WorkbookNotFoundError } from './errors'
import type { Store } from './store'
import type { WorkbookService } from './workbooks'

export interface AppDeps {
  store: Store
  workbooks: WorkbookService
  /** Folder of the built web app (`apps/web/dist`); absent in API-only tests. */
  webDist?: string
  version: string
}

const CreateWorkbookBody = z.object({
  title: z.string().trim().min(1).max(200),
  template: z.enum(['vp2024', 'empty']).default('empty'),
})

/** Routes only: `server.ts` owns the port, the websocket upgrade and shutdown. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono()

  app.get('/api/health', (c) =>
    c.json({ ok: true, version: deps.version, workbooks: deps.store.listWorkbooks().length }),
  )

  app.get('/api/workbooks', (c) => c.json({ workbooks: deps.store.listWorkbooks() }))

  app.get('/api/workbooks/:id', (c) => {
    const id = c.req.param('id')
    const record = deps.store.getWorkbook(id)
    if (!record) throw new WorkbookNotFoundError(id)
    return c.json(record)
  })

  app.post('/api/workbooks', async (c) => {
    const body = await readJson(c.req.raw)
    const parsed = CreateWorkbookBody.safeParse(body)
    if (!parsed.success) {
      return c.json({ error: 'invalid-request', message: z.prettifyError(parsed.error) }, 400)
    }
    const record = deps.workbooks.create(parsed.data.title, parsed.data.template)
    return c.json(record, 201)
  })

  app.all('/api/*', (c) =>
    c.json({ error: 'not-found', message: `Ingen API-resurs på ${c.req.path}.` }, 404),
  )

  if (deps.webDist && existsSync(deps.webDist)) {
    const root = relative(process.cwd(), deps.webDist) || '.'
    app.use('/*', serveStatic({ root }))
    // Client-side routes (e.g. /w/vp-2024) get the app shell.
    app.get('/*', serveStatic({ root, rewriteRequestPath: () => '/index.html' }))
  } else {
    app.get('/', (c) =>
      c.text(
        `Webbappen är inte byggd (${deps.webDist ? join(deps.webDist, 'index.html') : 'ingen sökväg'} saknas). Kör "npm start" från repots rot.`,
        503,
      ),
    )
  }

  app.notFound((c) => c.json({ error: 'not-found', message: `Hittade inte ${c.req.path}.` }, 404))

  app.onError((err, c) => {
    if (err instanceof WorkbookNotFoundError) {
      return c.json({ error: 'workbook-not-found', message: err.message }, 404)
    }
    if (err instanceof HTTPException) {
      return c.json({ error: 'http-error', message: err.message }, err.status)
    }
    console.error(err)
    return c.json({ error: 'internal', message: 'Ett oväntat fel inträffade på servern.' }, 500)
  })

  return app
}

async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json()
  } catch {
    throw new HTTPException(400, { message: 'Förfrågan måste vara giltig JSON.' })
  }
}
