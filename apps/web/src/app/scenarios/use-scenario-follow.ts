import type { Api } from '@samplan/domain'
import { useEffect, useRef } from 'react'
import { ApiRequestError } from '../../api/client'
import type { ScenarioApi } from './scenario-api'

/** How often an open scenario asks whether a colleague changed it: a 304 costs a few hundred bytes. */
export const FOLLOW_INTERVAL_MS = 3000

/**
 * Keeps an open scenario as the server has it (domain SPEC SC10): every few seconds, while the page
 * is visible, a GET naming the version shown; a changed scenario replaces the shown one, unless the
 * user's own change landed meanwhile (that answer is newer). `onGone` when it was deleted or made
 * private; other failures (offline, a restart) are tried again at the next tick.
 */
export function useScenarioFollow(
  api: ScenarioApi,
  detail: Api.ScenarioDetail | null,
  onChanged: (detail: Api.ScenarioDetail) => void,
  onGone: () => void,
): void {
  const shown = useRef(detail)
  const etag = useRef<string | null>(null)
  // Each detail shown from elsewhere (opening, the user's own change) starts a new generation.
  const generation = useRef(0)
  const handlers = useRef({ onChanged, onGone })
  handlers.current = { onChanged, onGone }
  if (shown.current !== detail) {
    shown.current = detail
    generation.current++
  }
  const id = detail?.id

  useEffect(() => {
    if (id === undefined) return
    etag.current = null
    let stopped = false
    let busy = false
    const tick = async () => {
      if (busy || document.visibilityState === 'hidden') return
      busy = true
      const started = generation.current
      try {
        const changed = await api.ifChanged(id, etag.current)
        if (stopped || changed === null) return
        etag.current = changed.etag
        if (generation.current === started) {
          handlers.current.onChanged(changed.value)
          // What the poll itself shows does not count as a change from elsewhere.
          shown.current = changed.value
        }
      } catch (err) {
        if (!stopped && err instanceof ApiRequestError && err.code === 'not-found') handlers.current.onGone()
      } finally {
        busy = false
      }
    }
    const timer = setInterval(() => void tick(), FOLLOW_INTERVAL_MS)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [api, id])
}
