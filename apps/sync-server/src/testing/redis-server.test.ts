import { once } from 'node:events'
import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { startRedisServer } from './redis-server'

/** Sends one inline command and resolves with the lines of its reply (one small reply arrives in one chunk). */
async function command(port: number, text: string): Promise<string[]> {
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  socket.write(`${text}\r\n`)
  const [reply] = (await once(socket, 'data')) as [Buffer]
  socket.destroy()
  return reply.toString().split('\r\n').filter(Boolean)
}

describe('a private redis-server for tests', () => {
  it('answers on its own port once started, with nothing kept on disk, and is gone after stop', async () => {
    const redis = await startRedisServer()
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`)
    expect(await command(redis.port, 'PING')).toEqual(['+PONG'])
    expect(await command(redis.port, 'CONFIG GET appendonly')).toEqual(['*2', '$10', 'appendonly', '$2', 'no'])
    expect(await command(redis.port, 'CONFIG GET save')).toEqual(['*2', '$4', 'save', '$0'])
    await redis.stop()
    const refused = connect(redis.port, '127.0.0.1')
    const [err] = (await once(refused, 'error')) as [NodeJS.ErrnoException]
    expect(err.code).toBe('ECONNREFUSED')
  })
})
