import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from './passwords'

describe('passwords', () => {
  it('verifies the right password and refuses others', async () => {
    const stored = await hashPassword('hemligt-lösenord')
    expect(stored).toMatch(/^scrypt\$16384\$/)
    expect(await verifyPassword('hemligt-lösenord', stored)).toBe(true)
    expect(await verifyPassword('hemligt-losenord', stored)).toBe(false)
    expect(await verifyPassword('', stored)).toBe(false)
  })

  it('salts every hash', async () => {
    expect(await hashPassword('samma')).not.toBe(await hashPassword('samma'))
  })

  it('refuses malformed stored hashes instead of throwing', async () => {
    expect(await verifyPassword('x', 'md5$abc')).toBe(false)
    expect(await verifyPassword('x', '')).toBe(false)
  })
})
