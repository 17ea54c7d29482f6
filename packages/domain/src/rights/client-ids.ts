/** Who may write under a client id, as the server has recorded it. */
export interface ClientIdOwners {
  /** The user id a client id is bound to; undefined when it was never bound. */
  ownerOf(clientId: number): string | undefined
}

export type ClientIdVerdict = { ok: true; bind: boolean } | { ok: false; reason: string }

/**
 * [G3] Client ids belong to users. A connection writes only under client ids
 * bound to its own user, or under an id the document has never seen (which is
 * then bound to that user). Ids bound to someone else, the server's own ids,
 * and ids the document holds without a recorded owner (seeded content, the
 * server's changes before a restart) are nobody's to extend or repeat.
 */
export function judgeClientId(
  clientId: number,
  userId: string,
  context: { owners: ClientIdOwners; stateOf: (clientId: number) => number; serverIds: ReadonlySet<number> },
): ClientIdVerdict {
  if (context.serverIds.has(clientId)) return { ok: false, reason: 'uppdateringen skriver under serverns eget klient-id' }
  const owner = context.owners.ownerOf(clientId)
  if (owner === userId) return { ok: true, bind: false }
  if (owner !== undefined) return { ok: false, reason: 'uppdateringen skriver under en annan användares klient-id' }
  if (context.stateOf(clientId) === 0) return { ok: true, bind: true }
  return { ok: false, reason: 'uppdateringen skriver under ett klient-id som ingen användare äger' }
}
