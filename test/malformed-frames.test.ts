import { getCellInput, getSheetGrid, listSheets, openWorkbook, setCells } from '@samplan/domain'
import { createRng } from '@samplan/domain/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { RawSocket, updateFrame } from './support/raw-socket'
import { removeDir, startServerProcess, type ServerProcess } from './support/server-process'
import { useServer } from './support/use-server'
import { connectClient, login, onAwareness, onDoc, waitFor, type NodeClient } from './support/yjs-client'

const WORKBOOK = 'vp-2024'
const MAX_MESSAGE_BYTES = 64 * 1024

describe('malformed frames: the server stays up, other clients are unaffected, the doc is unchanged', () => {
  let server: ServerProcess
  let a: NodeClient
  let b: NodeClient
  let attackerToken: string

  beforeAll(async () => {
    server = await startServerProcess({ env: { SAMPLAN_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) } })
    const ekonom = await login(server.url, 'ekonom')
    // A läsare may change nothing, so any frame that still decodes to a change is refused too.
    attackerToken = await login(server.url, 'lasare')
    a = await connectClient(server.wsUrl, WORKBOOK, ekonom)
    b = await connectClient(server.wsUrl, WORKBOOK, ekonom)
  })

  afterAll(async () => {
    a?.destroy()
    b?.destroy()
    await server?.stop()
    if (server) removeDir(server.dataDir)
  })

  it('survives random, bit-flipped, truncated, text and oversize frames', async () => {
    const rng = createRng(4400)
    const before = Y.encodeStateVector(b.doc)

    // A valid update frame to mutate: a real cell edit made on a copy of the doc.
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(a.doc))
    const wb = openWorkbook(copy)
    const sheet = listSheets(wb)[0]!
    const grid = getSheetGrid(wb, sheet.id)
    const sv = Y.encodeStateVector(copy)
    setCells(wb, sheet.id, [{ rowId: grid.rowIds[1]!, colId: grid.colIds[1]!, input: 123456 }])
    const valid = updateFrame(Y.encodeStateAsUpdate(copy, sv))

    const frames: Array<{ kind: string; data: Uint8Array | string }> = []
    for (let i = 0; i < 150; i++) {
      const data = new Uint8Array(1 + rng.int(200))
      for (let j = 0; j < data.length; j++) data[j] = rng.int(256)
      frames.push({ kind: 'random', data })
    }
    for (let i = 0; i < 200; i++) {
      const data = valid.slice()
      const flips = 1 + rng.int(4)
      for (let f = 0; f < flips; f++) {
        const at = rng.int(data.length)
        data[at] = (data[at] as number) ^ (1 << rng.int(8))
      }
      frames.push({ kind: 'bit-flip', data })
    }
    for (let i = 0; i < 50; i++) frames.push({ kind: 'truncated', data: valid.slice(0, rng.int(valid.length)) })
    frames.push({ kind: 'text', data: 'hej' })
    frames.push({ kind: 'oversize', data: new Uint8Array(MAX_MESSAGE_BYTES + 1024) })
    frames.push({ kind: 'valid but forbidden', data: valid })

    const closes = new Map<string, number>()
    for (let i = 0; i < frames.length; i += 20) {
      await Promise.all(
        frames.slice(i, i + 20).map(async ({ kind, data }) => {
          const socket = new RawSocket(`${server.wsUrl}/${WORKBOOK}?token=${attackerToken}`)
          await socket.opened
          socket.ws.send(data, { binary: typeof data !== 'string' })
          // A frame that decodes to nothing harmful (e.g. an awareness blob) may be accepted; anything else
          // closes. The server handles a socket's frames in order: an answer to the query sent after the
          // frame means the frame was taken (0).
          const outcome = await socket.sendAndConfirm([])
          socket.close()
          const key = `${kind}:${outcome.kind === 'closed' ? outcome.code : 0}`
          closes.set(key, (closes.get(key) ?? 0) + 1)
        }),
      )
    }
    expect(closes.get('oversize:1009')).toBe(1)
    expect(closes.get('text:4400')).toBe(1)
    expect(closes.get('valid but forbidden:4403')).toBe(1)
    for (const key of closes.keys()) expect(key).toMatch(/:(0|1009|4400|4403)$/)

    // The server is up and answers.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200)
    // The doc is unchanged, and the legitimate clients still sync with each other.
    const probe = new RawSocket(`${server.wsUrl}/${WORKBOOK}?token=${attackerToken}`)
    const state = new Y.Doc()
    Y.applyUpdate(state, await probe.fetchState())
    probe.close()
    expect(Y.encodeStateVector(state)).toEqual(before)
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true)

    const wbA = openWorkbook(a.doc)
    const wbB = openWorkbook(b.doc)
    const target = { rowId: grid.rowIds[2]!, colId: grid.colIds[2]! }
    setCells(wbA, sheet.id, [{ ...target, input: 777 }])
    await waitFor(() => getCellInput(wbB, sheet.id, target.rowId, target.colId) === 777, onDoc(b.doc), 'edit after the storm')
  })
})

describe('presence cannot impersonate', () => {
  const env = useServer()

  it("shows presence that claims another user's identity as its sender (the server stamps it)", async () => {
    const token = await login(env.server.url, 'chef1')
    const me = (await (await fetch(`${env.server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as { id: string }
    const presenceFrame = (userId: string, name: string) => {
      const doc = new Y.Doc()
      const awareness = new awarenessProtocol.Awareness(doc)
      awareness.setLocalState({ user: { id: userId, name, color: '#000' }, cursor: null })
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, 1)
      encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]))
      return encoding.toUint8Array(e)
    }
    const sender = new RawSocket(`${env.server.wsUrl}/${WORKBOOK}?token=${token}`)
    expect(await sender.sendAndConfirm([presenceFrame('u-someone-else', 'Eva Ekonom'), presenceFrame(me.id, 'Omar Områdeschef')])).toEqual({ kind: 'accepted' })
    // A newcomer sees both states as the sender's own: the server stamped the token's user over the claim.
    const observer = await connectClient(env.server.wsUrl, WORKBOOK, await login(env.server.url, 'lasare'))
    const names = () => [...observer.provider.awareness.getStates().values()].map((s) => (s as { user?: { name?: string } }).user?.name)
    await waitFor(() => names().filter((n) => n === 'Omar Områdeschef').length === 2, onAwareness(observer.provider.awareness), 'stamped presence')
    expect(names()).not.toContain('Eva Ekonom')
    observer.destroy()
    sender.close()
  })
})
