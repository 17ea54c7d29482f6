import { listOverrides, readScenarioMeta, writeOverrides } from '@samplan/domain'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openSqliteStorage } from '../storage/sqlite/open-sqlite'
import { isScenarioDocId, ScenarioDocs, scenarioDocId } from './scenario-docs'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samplan-scenarios-'))
  dirs.push(dir)
  return join(dir, 'db.sqlite')
}

describe('scenario docs', () => {
  it('[SC1] keeps a scenario and its overrides in a SQLite file across a restart, with the audit of each change', async () => {
    const file = tempFile()
    const first = openSqliteStorage(file)
    const docs = new ScenarioDocs(first.store)
    const meta = await docs.create({ workbookId: 'wb', name: 'Plus 50 platser', ownerId: 'u-1', visibility: 'shared' })
    const cell = { sheetId: 's1', rowId: 'r1', colId: 'c1' }
    await docs.change('wb', meta.id, 'u-1', (doc) => {
      writeOverrides(doc, [{ ...cell, input: 50 }])
      return { audit: [{ userId: 'u-1', ...cell, address: 'RSU!F2', old: null, new: 50 }], result: null }
    })
    await first.close()

    const second = openSqliteStorage(file)
    const reopened = new ScenarioDocs(second.store)
    const listed = await reopened.list('wb')
    expect(listed).toEqual([{ meta, overrideCount: 1 }])
    const doc = await reopened.get('wb', meta.id)
    expect(doc && readScenarioMeta(doc)).toEqual(meta)
    expect(doc && listOverrides(doc)).toEqual([{ ...cell, input: 50 }])
    expect(await reopened.get('wb', 'saknas')).toBeUndefined()
    expect(await reopened.list('annan')).toEqual([])
    const audit = await second.audit.history(scenarioDocId('wb', meta.id), {})
    expect(audit.map((e) => [e.address, e.old, e.new])).toEqual([['RSU!F2', null, 50]])
    expect(isScenarioDocId(scenarioDocId('wb', meta.id))).toBe(true)
    expect(isScenarioDocId('vp-2024')).toBe(false)
    await second.close()
  })

  it('[SC10] shows a change made through another server sharing the database at the next read', async () => {
    const file = tempFile()
    // Several servers share PostgreSQL; a SQLite file opened as shared stands in for it here.
    const one = openSqliteStorage(file, () => {}, { shared: true })
    const two = openSqliteStorage(file, () => {}, { shared: true })
    const here = new ScenarioDocs(one.store)
    const there = new ScenarioDocs(two.store)
    const meta = await here.create({ workbookId: 'wb', name: 'Delat', ownerId: 'u-1', visibility: 'shared' })
    const cell = { sheetId: 's1', rowId: 'r1', colId: 'c1' }
    const before = await here.get('wb', meta.id)
    expect(before && listOverrides(before)).toEqual([])
    await there.change('wb', meta.id, 'u-2', (doc) => {
      writeOverrides(doc, [{ ...cell, input: 7 }])
      return { audit: [], result: null }
    })
    const after = await here.get('wb', meta.id)
    expect(after && listOverrides(after)).toEqual([{ ...cell, input: 7 }])
    // A change here builds on the other server's, which it keeps.
    await here.change('wb', meta.id, 'u-1', (doc) => {
      writeOverrides(doc, [{ ...cell, colId: 'c2', input: 8 }])
      return { audit: [], result: null }
    })
    const both = await there.get('wb', meta.id)
    expect(both && listOverrides(both).map((o) => o.input)).toEqual([7, 8])
    await one.close()
    await two.close()
  })

  it('[SC1] a change refused by its own check writes nothing', async () => {
    const storage = openSqliteStorage(tempFile())
    const docs = new ScenarioDocs(storage.store)
    const meta = await docs.create({ workbookId: 'wb', name: 'Prov', ownerId: 'u-1', visibility: 'private' })
    await expect(
      docs.change('wb', meta.id, 'u-1', () => {
        throw new Error('refused')
      }),
    ).rejects.toThrow('refused')
    const doc = await docs.get('wb', meta.id)
    expect(doc && listOverrides(doc)).toEqual([])
    await storage.close()
  })
})
