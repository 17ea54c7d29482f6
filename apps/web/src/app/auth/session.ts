import type { Api, Role } from '@samplan/domain'

/** The signed-in user as sign-in returned it; `color` is absent in sessions saved before the server sent one. */
export type SessionUser = Omit<Api.Me, 'color'> & { color?: string }

/** What sign-in returned, kept in localStorage until it expires. */
export interface Session extends Omit<Api.LoginResponse, 'user'> {
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

export const roleLabel: Record<Role, { sv: string; en: string }> = {
  ekonom: { sv: 'Ekonom', en: 'Financial officer' },
  omradeschef: { sv: 'Områdeschef', en: 'Area manager' },
  lasare: { sv: 'Läsare', en: 'Reader' },
  admin: { sv: 'Administratör', en: 'Administrator' },
}
