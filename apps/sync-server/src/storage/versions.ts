import type { Api } from '@samplan/domain'

export type VersionRecord = Api.VersionRecord

/** Named versions: a full Yjs state per version, kept next to the update log. */
export interface VersionStore {
  create(workbookId: string, name: string, userId: string, state: Uint8Array): Promise<VersionRecord>
  /** Oldest first. */
  list(workbookId: string): Promise<VersionRecord[]>
  state(workbookId: string, versionId: string): Promise<Uint8Array | undefined>
}

/** A new version id. */
export function newVersionId(): string {
  return `v-${crypto.randomUUID().slice(0, 8)}`
}
