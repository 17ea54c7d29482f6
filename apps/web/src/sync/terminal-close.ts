import { CloseCode } from '@samplan/domain'

/**
 * What the app does when the server closes the socket for good (y-websocket does not reconnect
 * after a 4xxx close): sign in again, drop the offline copy and resync (a refused change must
 * never be resent from it), or show the server's reason.
 */
export type CloseOutcome = 'sign-in' | 'resync' | 'unsaved' | 'show-reason'

export function closeOutcome(code: number): CloseOutcome {
  if (code === CloseCode.Unauthorized) return 'sign-in'
  if (code === CloseCode.Forbidden) return 'resync'
  // The database could not store the change: the reason says so on its own, then resync as after a refusal.
  if (code === CloseCode.StorageUnavailable) return 'unsaved'
  return 'show-reason'
}
