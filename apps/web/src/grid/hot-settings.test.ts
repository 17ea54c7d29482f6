import { describe, expect, it } from 'vitest'
import { undoRedoKey } from './hot-settings'

const key = (k: string, mods: { ctrl?: boolean; meta?: boolean; shift?: boolean } = {}) => ({
  key: k,
  ctrlKey: !!mods.ctrl,
  metaKey: !!mods.meta,
  shiftKey: !!mods.shift,
})

describe('undo and redo keys', () => {
  it('reads Ctrl or Cmd with Z as undo, with Y or Shift+Z as redo, and nothing else', () => {
    expect(undoRedoKey(key('z', { ctrl: true }))).toBe('undo')
    expect(undoRedoKey(key('Z', { meta: true }))).toBe('undo')
    expect(undoRedoKey(key('y', { ctrl: true }))).toBe('redo')
    expect(undoRedoKey(key('Z', { ctrl: true, shift: true }))).toBe('redo')
    expect(undoRedoKey(key('z'))).toBeNull()
    expect(undoRedoKey(key('c', { ctrl: true }))).toBeNull()
  })
})
