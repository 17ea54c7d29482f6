/**
 * Backup and restore as README.md ("Backup and restore") tells an operator: an online copy of a
 * running server's store (SQLite's online backup through `npm run backup`, pg_dump for
 * PostgreSQL), restored under a fresh server, which serves the same workbook.
 */
import { execFile } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { getCellInput, getSheetGrid, openWorkbook, setCells, type CellRef } from '@samplan/domain'
import { afterAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { fetchServerDoc, settle } from './support/live-server'
import { usePostgres } from './support/postgres'
import { removeDir, repoRoot, startServerProcess, type ServerProcess } from './support/server-process'
import { workbookLayout } from './support/workbook-layout'
import { connectClient, login, type NodeClient } from './support/yjs-client'

const run = promisify(execFile)
const WORKBOOK = 'vp-2024'

function ekonomCells(doc: Y.Doc): CellRef[] {
  const sheetId = workbookLayout(doc).budgetSheetId
  const grid = getSheetGrid(openWorkbook(doc), sheetId)
  const rows = grid.rowIds.filter((_, i) => grid.rows[i]?.kind === 'data')
  const cols = grid.colIds.filter((_, i) => grid.columns[i]?.editable === 'ekonom')
  return rows.flatMap((rowId) => cols.map((colId) => ({ sheetId, rowId, colId })))
}

const inputAt = (doc: Y.Doc, c: CellRef) => getCellInput(openWorkbook(doc), c.sheetId, c.rowId, c.colId)

/** Debian's newest PostgreSQL programs, as the test cluster uses. */
function pgBin(name: string): string {
  const root = '/usr/lib/postgresql'
  const newest = (existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : []).sort((a, b) => Number(b) - Number(a))[0]
  return process.env.SAMPLAN_PG_BIN ? join(process.env.SAMPLAN_PG_BIN, name) : join(root, newest ?? '', 'bin', name)
}

describe('backup of a running server and restore under a fresh one', () => {
  const postgres = usePostgres()
  const servers: ServerProcess[] = []
  const clients: NodeClient[] = []
  const dirs: string[] = []

  afterAll(async () => {
    for (const c of clients) c.destroy()
    await Promise.all(servers.map((s) => s.stop()))
    for (const s of servers) removeDir(s.dataDir)
    for (const d of dirs) removeDir(d)
  })

  /** Edits two cells through a real client, then keeps editing a third while `during` runs (the backup must tolerate it). */
  async function editAround(server: ServerProcess, during: () => Promise<void>): Promise<{ cells: CellRef[]; client: NodeClient }> {
    const client = await connectClient(server.wsUrl, WORKBOOK, await login(server.url, 'ekonom'))
    clients.push(client)
    const cells = ekonomCells(client.doc).slice(0, 3) as [CellRef, CellRef, CellRef]
    const set = (c: CellRef, input: number) => setCells(openWorkbook(client.doc), c.sheetId, [{ rowId: c.rowId, colId: c.colId, input }])
    set(cells[0], 31_415)
    set(cells[1], 27_182)
    await settle(client)
    let writing = true
    const writer = (async () => {
      for (let k = 1; writing; k++) {
        set(cells[2], k)
        await settle(client)
      }
    })()
    await during()
    writing = false
    await writer
    return { cells, client }
  }

  it('SQLite: `npm run backup` copies a running server online; a fresh server on the copy serves the same workbook', async () => {
    const server = await startServerProcess()
    servers.push(server)
    const backupDir = mkdtempSync(join(tmpdir(), 'samplan-backup-'))
    dirs.push(backupDir)
    const file = join(backupDir, 'copy.sqlite')
    const { cells } = await editAround(server, async () => {
      const { stdout } = await run('npm', ['run', 'backup', '-w', '@samplan/sync-server', '--', file], {
        cwd: repoRoot,
        env: { ...process.env, SAMPLAN_DATA_DIR: server.dataDir },
      })
      expect(stdout).toMatch(/Backed up .* \(\d+ pages\)/)
    })

    const restoredDir = mkdtempSync(join(tmpdir(), 'samplan-restored-'))
    copyFileSync(file, join(restoredDir, 'samplan.sqlite'))
    const restored = await startServerProcess({ dataDir: restoredDir })
    servers.push(restored)
    const doc = await fetchServerDoc(restored, await login(restored.url, 'ekonom'))
    expect([inputAt(doc, cells[0] as CellRef), inputAt(doc, cells[1] as CellRef)]).toEqual([31_415, 27_182])
    // The copy is one consistent state: the cell edited during the backup holds one of its values.
    expect(inputAt(doc, cells[2] as CellRef)).toEqual(expect.any(Number))
    expect(restored.output()).not.toContain('quarantined')
  })

  it('PostgreSQL: pg_dump of the running server, pg_restore into an empty database; a fresh server there serves the same workbook', async () => {
    const url = await postgres.cluster.createDatabase()
    const server = await startServerProcess({ env: { SAMPLAN_DATABASE_URL: url } })
    servers.push(server)
    const backupDir = mkdtempSync(join(tmpdir(), 'samplan-backup-'))
    dirs.push(backupDir)
    const dump = join(backupDir, 'samplan.dump')
    const { cells, client } = await editAround(server, async () => {
      await run(pgBin('pg_dump'), ['-Fc', '-f', dump, url])
    })
    const atBackup = inputAt(client.doc, cells[0] as CellRef)

    const target = await postgres.cluster.createDatabase()
    await run(pgBin('pg_restore'), ['--no-owner', '-d', target, dump])
    const restored = await startServerProcess({ env: { SAMPLAN_DATABASE_URL: target } })
    servers.push(restored)
    const token = await login(restored.url, 'ekonom')
    const doc = await fetchServerDoc(restored, token)
    expect([inputAt(doc, cells[0] as CellRef), inputAt(doc, cells[1] as CellRef)]).toEqual([atBackup, 27_182])
    expect(inputAt(doc, cells[2] as CellRef)).toEqual(expect.any(Number))
    expect(restored.output()).not.toContain('quarantined')
    // Nothing was seeded over it: the restored workbook is the only one, with its history.
    expect(restored.output()).not.toContain('seeded workbook')
  })
})
