import { describe, expect, it } from 'vitest'
import { mayTakeAction } from './actions'
import { API_ERROR_STATUS, ApiErrorCode } from './api-errors'
import { canMoveStatus } from './workflow'

describe('the contract both apps share', () => {
  it('[A1] gives each API action to the roles the board decided', () => {
    expect(mayTakeAction('lasare', 'export')).toBe(true)
    expect(mayTakeAction('lasare', 'comment')).toBe(false)
    expect(mayTakeAction('omradeschef', 'save-version')).toBe(false)
    expect(mayTakeAction('ekonom', 'save-version')).toBe(true)
    expect(mayTakeAction('ekonom', 'change-status')).toBe(false)
    expect(mayTakeAction('admin', 'view-quarantine')).toBe(true)
  })

  it('[A3] moves a workbook utkast -> inskickad -> utkast or beslutad, and never out of beslutad', () => {
    expect(canMoveStatus('utkast', 'inskickad')).toBe(true)
    expect(canMoveStatus('utkast', 'beslutad')).toBe(false)
    expect(canMoveStatus('inskickad', 'utkast')).toBe(true)
    expect(canMoveStatus('inskickad', 'beslutad')).toBe(true)
    expect(canMoveStatus('beslutad', 'utkast')).toBe(false)
  })

  it('sends every error code with a status', () => {
    for (const code of ApiErrorCode.options) expect(API_ERROR_STATUS[code]).toBeGreaterThanOrEqual(400)
  })
})
