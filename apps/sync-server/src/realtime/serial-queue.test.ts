import { describe, expect, it } from 'vitest'
import { SerialQueue } from './serial-queue'

describe('the per-room queue', () => {
  it('runs each task after the one before has finished, in the order queued, whatever each awaits', async () => {
    const queue = new SerialQueue()
    const log: string[] = []
    let release: () => void = () => {}
    const slow = new Promise<void>((resolve) => {
      release = resolve
    })
    const first = queue.run(async () => {
      log.push('first starts')
      await slow
      log.push('first ends')
      return 1
    })
    const second = queue.run(() => {
      log.push('second')
      return 2
    })
    // Let every pending microtask run: the second task still waits for the first.
    await new Promise((resolve) => setImmediate(resolve))
    expect(log).toEqual(['first starts'])
    release()
    expect(await Promise.all([first, second])).toEqual([1, 2])
    expect(log).toEqual(['first starts', 'first ends', 'second'])
  })

  it('goes on after a failed task, which rejects only its own promise', async () => {
    const queue = new SerialQueue()
    const failed = queue.run(async () => {
      throw new Error('database down')
    })
    const next = queue.run(() => 'stored')
    await expect(failed).rejects.toThrow('database down')
    expect(await next).toBe('stored')
  })
})
