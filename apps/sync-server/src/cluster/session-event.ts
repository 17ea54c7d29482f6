import { z } from 'zod'

/** The one Redis channel every server hears session events on (they are few, and concern users, not workbooks). */
export const SESSIONS_CHANNEL = 'samplan:sessions'

/**
 * What one server tells the others about a user's sessions, so each applies it to its own open
 * sockets as the server that handled the request did. It names the user and what happened, never
 * the new role: a receiver reads that from the database.
 */
export const SessionEvent = z.object({
  kind: z.enum(['signed-out-everywhere', 'deactivated', 'user-changed', 'member-removed']),
  /** The server that raised it (it has applied it already). */
  from: z.string().min(1).max(64),
  userId: z.string().min(1).max(200),
  workbookId: z.string().min(1).max(200).optional(),
  /** SHA-256 of the token whose sockets stay open (the browser that changed its password), never the token. */
  sparedTokenHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
})
export type SessionEvent = z.infer<typeof SessionEvent>

export function encodeSessionEvent(event: SessionEvent): string {
  return JSON.stringify(event)
}

/** The event, or null for text no Samplan server sends (ignored, never half-applied). */
export function decodeSessionEvent(text: string): SessionEvent | null {
  try {
    const parsed = SessionEvent.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}
