/**
 * Ending and changing a user's sessions across three real servers over one PostgreSQL and one
 * redis-server (ARCHITECTURE.md, "Sessions you can end", "Several servers"): the server that
 * handles the request publishes the event on Redis and every server applies it to its own open
 * sockets as that server did, reading a changed role from the database.
 */
import { getCellInput, openWorkbook, setCells } from '@samplan/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { leaseHolders, startCluster } from './support/cluster'
import { fetchServerDoc, syncUrl, WORKBOOK, withTimeout } from './support/live-server'
import { SqlSession, usePostgres } from './support/postgres'
import { RawSocket, updateFrame } from './support/raw-socket'
import { useRedis } from './support/redis'
import { removeDir, type ServerProcess } from './support/server-process'
import { copyDoc, ekonomCell, workbookLayout } from './support/workbook-layout'
import { connectClient, login, onDoc, waitFor, type NodeClient } from './support/yjs-client'

const SIGNED_OUT = 'Du har loggats ut på alla enheter: logga in igen.'
const DEACTIVATED = 'Ditt konto är inaktiverat. Kontakta Samplans administratör.'
const RIGHTS_CHANGED = 'Din behörighet har ändrats: ansluter igen.'
const MEMBERSHIP_ENDED = 'Du har inte längre tillgång till den här arbetsboken. Be Samplans administratör om du behöver den.'
const PASSWORD = 'ett långt lösenord'

/** Resolves once the server has printed a line matching `pattern` (its log), on its output events. */
function untilLogged(server: ServerProcess, pattern: RegExp, what: string): Promise<void> {
  return withTimeout(
    new Promise<void>((resolve) => {
      const check = () => {
        if (!pattern.test(server.output())) return
        server.child.stdout?.off('data', check)
        resolve()
      }
      server.child.stdout?.on('data', check)
      check()
    }),
    15_000,
    what,
  )
}

describe('sessions across three servers', () => {
  const postgres = usePostgres()
  const redis = useRedis()
  let servers: ServerProcess[] = []
  let databaseUrl = ''
  let admin = ''
  const clients: NodeClient[] = []
  const sockets: RawSocket[] = []

  beforeAll(async () => {
    databaseUrl = await postgres.cluster.createDatabase()
    servers = await startCluster(3, databaseUrl, redis.redis.url)
    admin = await login(server(0).url, 'admin')
  })

  afterAll(async () => {
    for (const c of clients) c.destroy()
    for (const s of sockets) s.close()
    await Promise.all(servers.map((s) => s.stop()))
    for (const s of servers) removeDir(s.dataDir)
  })

  const server = (i: number) => servers[i] as ServerProcess
  const api = (i: number, path: string, init: { method?: string; token?: string; json?: unknown; headers?: Record<string, string> } = {}) =>
    fetch(`${server(i).url}${path}`, {
      method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
      headers: {
        authorization: `Bearer ${init.token ?? admin}`,
        ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    })
  /** A new person with a password, member of the seeded workbook; their id. */
  const createPerson = async (username: string, role: 'ekonom' | 'lasare') => {
    const res = await api(0, '/api/admin/people', { json: { signIn: 'password', username, name: username, role, password: PASSWORD } })
    expect(res.status).toBe(201)
    const { person } = (await res.json()) as { person: { id: string } }
    expect((await api(1, `/api/admin/workbooks/${WORKBOOK}/members/${person.id}`, { method: 'PUT' })).status).toBe(200)
    return person.id
  }
  const open = async (i: number, token: string) => {
    const socket = new RawSocket(syncUrl(server(i), token))
    sockets.push(socket)
    await socket.opened
    return socket
  }
  const closedWith = (socket: RawSocket, what: string) => withTimeout(socket.closed, 10_000, what)

  it('"Logga ut överallt" through server A closes the user\'s sockets on B and C at once with 4401 and the reason; a colleague\'s stay open', async () => {
    await createPerson('sara', 'ekonom')
    const token = await login(server(0).url, 'sara', PASSWORD)
    const onB = await open(1, token)
    const onC = await open(2, token)
    const colleague = await open(1, await login(server(1).url, 'ekonom'))

    const res = await api(0, '/api/session/end-everywhere', { method: 'POST', token, headers: { 'x-samplan-session': '1' } })
    expect(res.status).toBe(200)
    expect(await closedWith(onB, 'the socket on B to close')).toEqual({ code: 4401, reason: SIGNED_OUT })
    expect(await closedWith(onC, 'the socket on C to close')).toEqual({ code: 4401, reason: SIGNED_OUT })
    expect(await colleague.sendAndConfirm([])).toEqual({ kind: 'accepted' })
    // And the token is refused by every server.
    for (const i of [0, 1, 2]) expect((await api(i, '/api/me', { token })).status).toBe(401)
  })

  it("a new password through server A spares, on server B, the sockets of the browser that changed it and closes the others'", async () => {
    await createPerson('petra', 'ekonom')
    const asking = await login(server(0).url, 'petra', PASSWORD)
    // Tokens name their second of issue and nothing random: the other browser signs in until its token differs.
    let other = asking
    while (other === asking) other = await login(server(2).url, 'petra', PASSWORD)
    const spared = await open(1, asking)
    const ended = await open(1, other)
    const res = await api(0, '/api/session/password', {
      token: asking,
      json: { currentPassword: PASSWORD, newPassword: 'ett annat långt lösenord' },
      headers: { 'x-samplan-session': '1' },
    })
    expect(res.status).toBe(200)
    expect(await closedWith(ended, "the other browser's socket on B to close")).toEqual({ code: 4401, reason: SIGNED_OUT })
    expect(await spared.sendAndConfirm([])).toEqual({ kind: 'accepted' })
  })

  it("[A6] a role change by an admin on server A reaches the rights check of an edit sent to server C at once, where another server judges it: an upgraded läsare's edit in flight is accepted, a downgraded one refused", async () => {
    const larsId = await createPerson('lars', 'lasare')
    const token = await login(server(2).url, 'lars', PASSWORD)
    const observer = await connectClient(server(1).wsUrl, WORKBOOK, await login(server(1).url, 'ekonom'))
    clients.push(observer)
    const sql = new SqlSession(databaseUrl)
    const base = await fetchServerDoc(server(2), token)
    const cell = ekonomCell(base, workbookLayout(base))
    const edit = (value: number) => {
      const copy = copyDoc(base)
      const known = Y.encodeStateVector(copy)
      setCells(openWorkbook(copy), cell.sheetId, [{ rowId: cell.rowId, colId: cell.colId, input: value }])
      return updateFrame(Y.encodeStateAsUpdate(copy, known))
    }
    const valueOn = (doc: Y.Doc) => getCellInput(openWorkbook(doc), cell.sheetId, cell.rowId, cell.colId)
    /**
     * Sends `frame` on a socket of Lars on server C while the update log is locked, so the server
     * judging the workbook (one that loaded it before C and holds its lease) holds it in the
     * workbook's turn; changes his role through server A meanwhile; then lets that server judge it.
     */
    const editDuringRoleChange = async (frame: Uint8Array, role: 'ekonom' | 'lasare') => {
      const socket = await open(2, token)
      await untilLogged(server(2), new RegExp(`workbook ${WORKBOOK} is judged by server`), 'server C to forward to the lease holder')
      await sql.run('BEGIN; LOCK TABLE updates IN ACCESS EXCLUSIVE MODE;')
      const verdict = socket.sendAndConfirm([frame], undefined, 30_000)
      // The judge's turn is waiting for the log: the update is in its hands, judged only after the change.
      for (let tries = 0; (await sql.run('SELECT count(*) FROM pg_locks WHERE NOT granted;')) === '0'; tries++) {
        if (tries > 500) throw new Error("the judging server never waited for the log's lock")
      }
      const res = await api(0, `/api/admin/people/${larsId}`, { method: 'PATCH', json: { role } })
      expect(res.status).toBe(200)
      // As on one server: the page reconnects to learn the new role.
      expect(await closedWith(socket, 'the socket on C to close')).toEqual({ code: 4401, reason: RIGHTS_CHANGED })
      expect(await verdict).toEqual({ kind: 'closed', code: 4401, reason: RIGHTS_CHANGED })
      await sql.run('COMMIT;')
    }

    try {
      await editDuringRoleChange(edit(424_242), 'ekonom')
      await waitFor(() => valueOn(observer.doc) === 424_242, onDoc(observer.doc), "Lars's edit, judged as ekonom, on server B")
      const history = await api(0, `/api/workbooks/${WORKBOOK}/history?sheetId=${cell.sheetId}&rowId=${cell.rowId}&colId=${cell.colId}`)
      const entries = ((await history.json()) as { entries: Array<{ userId: string; new: unknown }> }).entries
      expect(entries.find((e) => e.new === 424_242)?.userId).toBe(larsId)

      await editDuringRoleChange(edit(535_353), 'lasare')
      const judges = leaseHolders(servers, WORKBOOK)
      expect(judges).toHaveLength(1)
      expect(judges).not.toContain(server(2))
      const refused = new RegExp(`refusing a forwarded update of ${larsId} \\(4403\\)`)
      await untilLogged(judges[0] as ServerProcess, refused, "the lease holder's refusal of Lars's edit as läsare")
      for (const i of [0, 1, 2]) expect(valueOn(await fetchServerDoc(server(i), token)), `server ${i}`).toBe(424_242)
    } finally {
      sql.close()
    }
  })

  it("[A6] deactivation through server A closes the person's sockets on B and C with the reason", async () => {
    const doraId = await createPerson('dora', 'ekonom')
    const token = await login(server(2).url, 'dora', PASSWORD)
    const onB = await open(1, token)
    const onC = await open(2, token)
    expect((await api(0, `/api/admin/people/${doraId}`, { method: 'PATCH', json: { active: false } })).status).toBe(200)
    expect(await closedWith(onB, 'the socket on B to close')).toEqual({ code: 4401, reason: DEACTIVATED })
    expect(await closedWith(onC, 'the socket on C to close')).toEqual({ code: 4401, reason: DEACTIVATED })
  })

  it('[A6] removing a member through server A closes their sockets of that workbook on B with the reason, and B then refuses them', async () => {
    const ulfId = await createPerson('ulf', 'ekonom')
    const token = await login(server(1).url, 'ulf', PASSWORD)
    const onB = await open(1, token)
    expect((await api(0, `/api/admin/workbooks/${WORKBOOK}/members/${ulfId}`, { method: 'DELETE' })).status).toBe(200)
    expect(await closedWith(onB, 'the socket on B to close')).toEqual({ code: 4404, reason: MEMBERSHIP_ENDED })
    await expect(new RawSocket(syncUrl(server(1), token)).opened).rejects.toThrow(/404/)
  })
})
