import { Api, type CellRef, type WorkbookStatus } from '@samplan/domain'
import type { ApiClient } from './client'

/** Every route the web app calls, with the contract schema its answer is read through. */

export function signIn(api: ApiClient, username: string, password: string): Promise<Api.LoginResponse> {
  return api.post('/api/login', Api.LoginResponse, { username, password } satisfies Api.LoginRequest)
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
    importXlsx: (file: Blob) => api.post(`${base}/import`, Api.ImportResult, file),
    rollOver: (newBudget: Api.RollOverRequest['newBudget']) =>
      api.post(`${base}/rollover`, Api.WorkbookSummary, { newBudget } satisfies Api.RollOverRequest),
    /** A download of the export the server builds from the persisted workbook. */
    exportLink: (query: Record<string, string>) => api.link(`${base}/export`, query),
  }
}

export type WorkbookApi = ReturnType<typeof workbookApi>
