import type { Awareness } from 'y-protocols/awareness'

/**
 * What each client shares through awareness: who they are and which cell they have selected.
 * The server replaces `user` with the signed-in user's identity and colour before relaying it
 * (apps/sync-server/src/realtime/presence-identity.ts), so a peer's name and colour are the server's.
 */
export interface PresenceState {
  user: { id: string; name: string; color: string; role?: string }
  /** The selected cell by stable ids, so it stays on the right cell when rows move. */
  cursor: { sheetId: string; rowId: string; colId: string } | null
}

export interface Peer extends PresenceState {
  clientId: number
}

/** Used only when a state carries no usable colour (a session from before the server sent one). */
export const FALLBACK_PEER_COLOR = '#1565c0'

/** The colour to paint: the server's `#rrggbb`, never arbitrary text into a style property. */
export function peerColor(color: unknown): string {
  return typeof color === 'string' && /^#[0-9a-f]{6}$/i.test(color) ? color : FALLBACK_PEER_COLOR
}

export function setPresence(awareness: Awareness, state: PresenceState): void {
  awareness.setLocalState(state)
}

export function setCursor(awareness: Awareness, cursor: PresenceState['cursor']): void {
  const current = awareness.getLocalState() as PresenceState | null
  if (current) awareness.setLocalState({ ...current, cursor })
}

/**
 * Announces this user (with no selected cell yet) and reports everyone else on every change;
 * returns the function that stops listening.
 */
export function joinPresence(awareness: Awareness, user: PresenceState['user'], onPeers: (peers: Peer[]) => void): () => void {
  setPresence(awareness, { user, cursor: null })
  const onChange = () => onPeers(peers(awareness))
  awareness.on('change', onChange)
  return () => awareness.off('change', onChange)
}

/** Everyone else in the workbook (other tabs of the same user included). */
export function peers(awareness: Awareness): Peer[] {
  const out: Peer[] = []
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue
    const s = state as Partial<PresenceState>
    if (!s.user || typeof s.user.name !== 'string') continue
    out.push({ clientId, user: { ...s.user, color: peerColor(s.user.color) }, cursor: s.cursor ?? null })
  }
  return out
}
