import { describe, expect, it } from 'vitest'
import { Lifetime } from './lifetime'

describe('Lifetime', () => {
  it('cleans up in reverse order once, and at once for what arrives after the end', () => {
    const log: string[] = []
    const lifetime = new Lifetime()
    lifetime.defer(() => log.push('connection'))
    lifetime.defer(() => log.push('mirror'))
    lifetime.end()
    lifetime.end()
    expect(log).toEqual(['mirror', 'connection'])
    expect(lifetime.ended).toBe(true)
    lifetime.defer(() => log.push('late undo'))
    expect(log).toEqual(['mirror', 'connection', 'late undo'])
  })
})
