/** Whether two Yjs state vectors name the same clocks for the same clients: two docs (or a doc and an answer computed from one) at the same state. */
export function sameStateVector(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): boolean {
  if (a.size !== b.size) return false
  for (const [client, clock] of a) if (b.get(client) !== clock) return false
  return true
}
