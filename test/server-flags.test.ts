import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot, SERVER_NODE_FLAGS } from './support/server-process'

/** The Node flags a package script gives the server: what stands between `node` and `--import tsx`. */
function nodeFlagsOf(packageJson: string, script: string): string[] {
  const scripts = JSON.parse(readFileSync(join(repoRoot, packageJson), 'utf8')).scripts as Record<string, string>
  const command = /node ((?:--[\w-]+(?:=\S+)? )*)--import tsx/.exec(scripts[script] ?? '')
  if (!command) throw new Error(`${packageJson} ${script} does not start the server with node --import tsx`)
  return (command[1] ?? '').trim().split(/\s+/).filter(Boolean)
}

describe('the server runs in tests and benchmarks as `npm start` runs it', () => {
  it('with the same Node flags', () => {
    expect(nodeFlagsOf('package.json', 'start')).toEqual(SERVER_NODE_FLAGS)
    expect(nodeFlagsOf('apps/sync-server/package.json', 'start')).toEqual(SERVER_NODE_FLAGS)
  })
})
