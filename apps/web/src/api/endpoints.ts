import { Api, type CellRef, type ImportTargets, type WorkbookStatus } from '@samplan/domain'
import type { ApiClient } from './client'

/** Every route the web app calls, with the contract schema its answer is read through. */

export function signIn(api: ApiClient, username: string, password: string): Promise<Api.LoginResponse> {
  return api.post('/api/login', Api.LoginResponse, { username, password } satisfies Api.LoginRequest)
}

/** How people sign in on this server (the identity provider's name, the password form). */
export function signInMethods(api: ApiClient): Promise<Api.SignInMethods> {
  return api.get('/api/session/methods', Api.SignInMethods)
}

/** A new bearer token from the httpOnly session cookie (after a reload, before expiry, after a 4401 close). */
export function renewSession(api: ApiClient): Promise<Api.LoginResponse> {
  return api.post('/api/session/refresh', Api.LoginResponse)
}

/** Ends this browser's session; the answer names the identity provider's sign-out address, if any. */
export function signOutSession(api: ApiClient): Promise<Api.SignOutResponse> {
  return api.post('/api/session/logout', Api.SignOutResponse)
}

/** "Logga ut överallt": every token and session of the user ends, their open connections close. */
export function endSessionEverywhere(api: ApiClient): Promise<Api.SignOutResponse> {
  return api.post('/api/session/end-everywhere', Api.SignOutResponse)
}

export function listWorkbooks(api: ApiClient): Promise<Api.WorkbookList> {
  return api.get('/api/workbooks', Api.WorkbookList)
}

/** One workbook's routes. */
export function workbookApi(api: ApiClient, workbookId: string) {
  const base = `/api/workbooks/${encodeURIComponent(workbookId)}`
  return {
    info: () => api.get(base, Api.WorkbookInfo),
    history: (cell: CellRef) =>
      api.get(`${base}/history`, Api.HistoryResponse, { sheetId: cell.sheetId, rowId: cell.rowId, colId: cell.colId }),
    versions: () => api.get(`${base}/versions`, Api.VersionList),
    saveVersion: (name: string) => api.post(`${base}/versions`, Api.VersionRecord, { name } satisfies Api.CreateVersionRequest),
    compare: (versionId: string) => api.get(`${base}/versions/compare`, Api.CompareResponse, { from: versionId }),
    restore: (versionId: string) => api.post(`${base}/versions/${encodeURIComponent(versionId)}/restore`, Api.RestoreResponse),
    changeStatus: (status: WorkbookStatus, versionName?: string) =>
      api.post(`${base}/status`, Api.StatusChangeResponse, { status, versionName } satisfies Api.StatusChangeRequest),
    /** What importing the file would change (nothing is written): domain SPEC IM1-IM10. */
    importPlan: (file: Blob, targets: ImportTargets = {}) =>
      api.post(`${base}/import/plan?targets=${encodeURIComponent(JSON.stringify(targets))}`, Api.ImportPreview, file),
    rollOver: (newBudget: Api.RollOverRequest['newBudget']) =>
      api.post(`${base}/rollover`, Api.WorkbookSummary, { newBudget } satisfies Api.RollOverRequest),
    /** The server's computed values of a sheet's formula cells (no id: the first sheet), to paint before the page's engine is ready. */
    computed: (sheetId?: string, since?: string) =>
      api.get(`${base}/computed`, Api.ComputedSheet, sheetId ? { sheet: sheetId, ...(since ? { since } : {}) } : undefined),
    /** The first sheet's first `rows` rows as a cold open paints them before its document has arrived. */
    firstScreen: (rows: number) => api.get(`${base}/first-screen`, Api.FirstScreen, { rows: String(rows) }),
    /** A download of the export the server builds from the persisted workbook. */
    exportLink: (query: Record<string, string>) => api.link(`${base}/export`, query),
  }
}

export type WorkbookApi = ReturnType<typeof workbookApi>
