import { CloseCode } from '@samplan/domain'
import { describe, expect, it } from 'vitest'
import { closeOutcome } from './terminal-close'

describe('a final close from the server', () => {
  it('asks for a new sign-in on 4401, resyncs on 4403 and otherwise shows the reason', () => {
    expect(closeOutcome(CloseCode.Unauthorized)).toBe('sign-in')
    expect(closeOutcome(CloseCode.Forbidden)).toBe('resync')
    expect(closeOutcome(CloseCode.StorageUnavailable)).toBe('unsaved')
    expect(closeOutcome(CloseCode.NotFound)).toBe('show-reason')
    expect(closeOutcome(CloseCode.Malformed)).toBe('show-reason')
  })
})
