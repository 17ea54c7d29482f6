import { describe, expect, it } from 'vitest'
import { renewalDelayMs } from './session'

describe('when the web app renews its token', () => {
  it('renews three quarters into what is left, and never sooner than a second from now', () => {
    const now = Date.parse('2026-01-01T08:00:00Z')
    expect(renewalDelayMs('2026-01-01T16:00:00Z', now)).toBe(6 * 3600_000)
    expect(renewalDelayMs('2026-01-01T08:00:08Z', now)).toBe(6_000)
    expect(renewalDelayMs('2026-01-01T07:00:00Z', now)).toBe(1_000)
  })
})
