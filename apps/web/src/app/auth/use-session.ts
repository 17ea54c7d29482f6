import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { ApiRequestError, createApiClient, isUnauthorized, type ApiClient } from '../../api/client'
import { endSessionEverywhere, renewSession, signOutSession } from '../../api/endpoints'
import { forgetStoredSession, renewalDelayMs, type Session } from './session'

/** A renewal that could not reach the server is tried again after this long. */
const RETRY_MS = 10_000

export interface SessionKeeper {
  /** Null while signed out; undefined while the session cookie is being checked (first load). */
  session: Session | null | undefined
  /** The API client of this sign-in; it always sends the newest token. */
  api: ApiClient
  /** The newest bearer token (the sync socket reads it on every connect). */
  token: () => string
  signedIn(session: Session): void
  /** A new token from the session cookie; null when the session has ended (the sign-in page is then shown). */
  renew(): Promise<string | null>
  /** Ends the session here (and at the identity provider, which the browser visits next). */
  signOut(): Promise<void>
  /** "Logga ut överallt": every session of this user ends, on every device. */
  signOutEverywhere(): Promise<void>
  /** The server refused the token: back to the sign-in page. */
  dropped(): void
  /** Why the first check of the session failed, when it was not simply signed out. */
  error: string | null
}

/**
 * The signed-in session in memory: checked against the session cookie on load, renewed before
 * the token expires and whenever the server says it has (the socket's 4401), and ended on
 * sign-out here or everywhere.
 */
export function useSession(): SessionKeeper {
  const [session, setSession] = useState<Session | null | undefined>(undefined)
  const [error, setError] = useState<string | null>(null)
  const current = useRef<Session | null | undefined>(undefined)
  const inFlight = useRef<Promise<string | null> | null>(null)

  const change = useCallback((next: Session | null) => {
    current.current = next
    setSession(next)
  }, [])

  const renew = useCallback((): Promise<string | null> => {
    inFlight.current ??= renewSession(createApiClient())
      .then((next) => {
        change(next)
        return next.token
      })
      .catch((err: unknown) => {
        if (isUnauthorized(err)) {
          // A session that ends while open (deactivated, ended elsewhere) says why on the sign-in page.
          if (current.current) setError((err as Error).message)
          change(null)
        } else if (current.current === undefined) {
          setError((err as Error).message)
          change(null)
        }
        return null
      })
      .finally(() => {
        inFlight.current = null
      })
    return inFlight.current
  }, [change])

  useEffect(() => {
    forgetStoredSession()
    void renew()
  }, [renew])

  // Renew before the token expires; a renewal the server could not answer is tried again.
  const expiresAt = session?.expiresAt
  useEffect(() => {
    if (!expiresAt) return
    let timer: ReturnType<typeof setTimeout>
    const schedule = (ms: number) => {
      timer = setTimeout(() => {
        void renew().then((token) => {
          if (!token && current.current) schedule(RETRY_MS)
        })
      }, ms)
    }
    schedule(renewalDelayMs(expiresAt))
    return () => clearTimeout(timer)
  }, [expiresAt, renew])

  const dropped = useCallback(() => change(null), [change])
  const token = useCallback(() => current.current?.token ?? '', [])
  // One client per signed-in user: renewals change the token it sends, not the client.
  const userId = session?.user.id
  const api = useMemo(() => createApiClient({ token, onUnauthorized: dropped }), [userId, token, dropped])

  const leave = useCallback(
    async (end: (api: ApiClient) => Promise<{ endSessionUrl: string | null }>) => {
      let endSessionUrl: string | null = null
      try {
        endSessionUrl = (await end(createApiClient({ token }))).endSessionUrl
      } catch (err) {
        // Signed out here either way; an unreachable server cannot keep the session alive in this tab.
        if (!(err instanceof ApiRequestError)) throw err
      }
      change(null)
      if (endSessionUrl) location.assign(endSessionUrl)
    },
    [change, token],
  )

  return {
    session,
    api,
    token,
    signedIn: change,
    renew,
    signOut: () => leave(signOutSession),
    signOutEverywhere: () => leave(endSessionEverywhere),
    dropped,
    error,
  }
}
