import type { Role } from '@samplan/domain'

/** The signed-in user as the API returns it. */
export interface SessionUser {
  id: string
  username: string
  name: string
  role: Role
  omrade: string | null
  /** Presence colour the server stamps on this user (absent in sessions saved before it sent one). */
  color?: string
}

export interface Session {
  token: string
  expiresAt: string
  user: SessionUser
}

const KEY = 'samplan.session'

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY)
    if (!raw) return null
    const session = JSON.parse(raw) as Session
    return Date.parse(session.expiresAt) > Date.now() ? session : null
  } catch {
    return null
  }
}

export function saveSession(session: Session | null): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session))
  else localStorage.removeItem(KEY)
}

/** Signs in; resolves to the session or rejects with the server's Swedish message. */
export async function signIn(username: string, password: string): Promise<Session> {
  const res = await fetch('/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  const body = (await res.json()) as Session & { message?: string }
  if (!res.ok) throw new Error(body.message ?? `Inloggningen misslyckades (${res.status}).`)
  return body
}

export const roleLabel: Record<Role, { sv: string; en: string }> = {
  ekonom: { sv: 'Ekonom', en: 'Financial officer' },
  omradeschef: { sv: 'Områdeschef', en: 'Area manager' },
  lasare: { sv: 'Läsare', en: 'Reader' },
  admin: { sv: 'Administratör', en: 'Administrator' },
}
