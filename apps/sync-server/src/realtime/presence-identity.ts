import type { Role } from '@samplan/domain'
import type { User } from '../auth/users'

/** Who a presence state speaks for, as the server stamps it from the sign-in token. */
export interface PresenceIdentity {
  id: string
  name: string
  role: Role
  /** `#rrggbb` from PRESENCE_PALETTE. */
  color: string
}

/**
 * Colours of colleagues' badges and cell outlines. All keep their hue between 60° and 320°,
 * so none reads as the grid's red (invalid input #d93025, errors #b3261e) or the comment
 * orange (#e37400); all are saturated, so none reads as the grey of a locked cell; and white
 * badge text on each has at least 4.5:1 contrast (WCAG AA).
 */
export const PRESENCE_PALETTE: readonly string[] = [
  '#1565c0', // blue
  '#2e7d32', // green
  '#6d28d9', // violet
  '#00796b', // teal
  '#4d7c0f', // olive
  '#a21caf', // magenta
  '#0e7490', // cyan
  '#3f51b5', // indigo
]

/** A user's colour: the same on every server and in every session, derived from the user id alone. */
export function presenceColor(userId: string): string {
  // FNV-1a: a stable, well-spread hash without crypto for a cosmetic choice.
  let h = 0x811c9dc5
  for (let i = 0; i < userId.length; i++) {
    h ^= userId.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return PRESENCE_PALETTE[h % PRESENCE_PALETTE.length]!
}

export function presenceIdentity(user: User): PresenceIdentity {
  return { id: user.id, name: user.name, role: user.role, color: presenceColor(user.id) }
}

/**
 * A client's presence state with its `user` replaced by the signed-in user's identity,
 * whatever the client claimed; the other fields (the cursor) are kept as sent.
 */
export function stampPresence(state: Record<string, unknown>, user: User): Record<string, unknown> {
  return { ...state, user: presenceIdentity(user) }
}
