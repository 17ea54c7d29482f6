import type { Awareness } from 'y-protocols/awareness'

/** What each client shares through awareness: who they are and which cell they have selected. */
export interface PresenceState {
  user: { id: string; name: string; color: string }
  /** The selected cell by stable ids, so it stays on the right cell when rows move. */
  cursor: { sheetId: string; rowId: string; colId: string } | null
}

export interface Peer extends PresenceState {
  clientId: number
}

const COLORS = ['#d93025', '#1a73e8', '#188038', '#e37400', '#9334e6', '#c5221f', '#007b83', '#b06000']

/** A stable colour per user id. */
export function colorFor(userId: string): string {
  let h = 0
  for (const ch of userId) h = (h * 31 + ch.charCodeAt(0)) >>> 0
  return COLORS[h % COLORS.length] as string
}

export function setPresence(awareness: Awareness, state: PresenceState): void {
  awareness.setLocalState(state)
}

export function setCursor(awareness: Awareness, cursor: PresenceState['cursor']): void {
  const current = awareness.getLocalState() as PresenceState | null
  if (current) awareness.setLocalState({ ...current, cursor })
}

/** Everyone else in the workbook (other tabs of the same user included). */
export function peers(awareness: Awareness): Peer[] {
  const out: Peer[] = []
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue
    const s = state as Partial<PresenceState>
    if (!s.user || typeof s.user.name !== 'string') continue
    out.push({ clientId, user: s.user, cursor: s.cursor ?? null })
  }
  return out
}
