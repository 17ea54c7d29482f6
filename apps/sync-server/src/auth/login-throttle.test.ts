import { describe, expect, it } from 'vitest'
import { addressKey } from '../http/client-address'
import { LoginThrottle, throttleMessage } from './login-throttle'

function throttleAt(start = 0) {
  let now = start
  const throttle = new LoginThrottle({ now: () => now })
  return { throttle, advance: (ms: number) => (now += ms) }
}

/** One failed attempt; returns the refusal's Retry-After, or 0 if the attempt was let through. */
function fail(throttle: LoginThrottle, username: string, address: string): number {
  const verdict = throttle.begin(username, address)
  return verdict.ok ? 0 : verdict.retryAfterSeconds
}

describe('login throttle', () => {
  it('lets five failures through, then backs off 1, 2, 4, 8 s … up to 15 minutes', () => {
    const { throttle, advance } = throttleAt()
    for (let i = 0; i < 5; i++) expect(fail(throttle, 'admin', '10.0.0.1')).toBe(0)
    expect(fail(throttle, 'admin', '10.0.0.1')).toBe(1)
    const waits: number[] = []
    for (let i = 0; i < 12; i++) {
      const wait = throttle.begin('admin', '10.0.0.1')
      if (wait.ok) throw new Error('expected a refusal')
      waits.push(wait.retryAfterSeconds)
      advance(wait.retryAfterSeconds * 1000)
      expect(fail(throttle, 'admin', '10.0.0.1')).toBe(0) // the back-off has ended: one more guess
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900])
  })

  it('refuses the right password during the back-off too, and a success then clears the username', () => {
    const { throttle, advance } = throttleAt()
    for (let i = 0; i < 5; i++) fail(throttle, 'Admin', '10.0.0.1')
    const during = throttle.begin('admin', '10.0.0.1') // case and spaces do not make a new username
    expect(during).toEqual({
      ok: false,
      scope: 'username',
      retryAfterSeconds: 1,
      message: 'För många misslyckade inloggningar. Vänta 1 sekund och försök igen.',
    })
    advance(1000)
    const allowed = throttle.begin(' admin ', '10.0.0.1')
    if (!allowed.ok) throw new Error('expected the attempt to be let through')
    allowed.attempt.succeeded()
    for (let i = 0; i < 5; i++) expect(fail(throttle, 'admin', '10.0.0.1')).toBe(0)
  })

  it('does not block another username from another address', () => {
    const { throttle } = throttleAt()
    for (let i = 0; i < 200; i++) fail(throttle, 'admin', '10.0.0.1')
    expect(throttle.begin('ekonom', '10.0.0.2').ok).toBe(true)
  })

  it('backs off an address that sprays many usernames, after 20 failures', () => {
    const { throttle } = throttleAt()
    for (let i = 0; i < 20; i++) expect(fail(throttle, `user${i}`, '10.0.0.9')).toBe(0)
    expect(throttle.begin('ekonom', '10.0.0.9')).toMatchObject({ ok: false, scope: 'address', retryAfterSeconds: 1 })
    expect(throttle.begin('ekonom', '10.0.0.10').ok).toBe(true)
  })

  it('counts parallel attempts when they start, so they cannot all slip through', () => {
    const { throttle } = throttleAt()
    const verdicts = Array.from({ length: 50 }, () => throttle.begin('admin', '10.0.0.1'))
    expect(verdicts.filter((v) => v.ok)).toHaveLength(5)
  })

  it('forgets failures after an hour without any, and keeps at most 10 000 counters', () => {
    const { throttle, advance } = throttleAt()
    for (let i = 0; i < 4; i++) fail(throttle, 'admin', '10.0.0.1')
    advance(60 * 60_000 + 1)
    for (let i = 0; i < 5; i++) expect(fail(throttle, 'admin', '10.0.0.1')).toBe(0)
    for (let i = 0; i < 20_000; i++) fail(throttle, `guess${i}`, `10.1.${i >> 8}.${i & 255}`)
    expect(throttle.size).toBeLessThanOrEqual(10_000)
  })

  it('words long waits in minutes', () => {
    expect(throttleMessage(900)).toBe('För många misslyckade inloggningar. Vänta 15 minuter och försök igen.')
    expect(throttleMessage(64)).toBe('För många misslyckade inloggningar. Vänta 64 sekunder och försök igen.')
  })
})

describe('client address', () => {
  it('counts IPv4-mapped addresses as IPv4 and IPv6 per /64', () => {
    expect(addressKey('::ffff:127.0.0.1')).toBe('127.0.0.1')
    expect(addressKey('10.0.0.1')).toBe('10.0.0.1')
    expect(addressKey('2001:db8:0:1:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:0:1::/64')
    expect(addressKey('2001:db8:0:1::7')).toBe('2001:db8:0:1::/64')
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(addressKey('::1')).toBe('0:0:0:0::/64')
  })
})
