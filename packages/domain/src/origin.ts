/**
 * Named transaction origins. Every write passes one, so observers, the server
 * audit trail and `Y.UndoManager.trackedOrigins` can tell kinds of change apart.
 */
export const Origin = {
  Seed: 'seed',
  LocalEdit: 'local-edit',
  Import: 'import',
  Restore: 'restore',
  Migration: 'migration',
} as const
export type Origin = (typeof Origin)[keyof typeof Origin]
