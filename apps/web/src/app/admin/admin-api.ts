import { Api } from '@samplan/domain'
import type { ApiClient } from '../../api/client'

/** The administration's routes (`/api/admin/…`, domain SPEC A6) and the password change (A7). */
export function adminApi(api: ApiClient) {
  const members = (workbookId: string) => `/api/admin/workbooks/${encodeURIComponent(workbookId)}/members`
  return {
    people: () => api.get('/api/admin/people', Api.AdminPeople),
    createPerson: (body: Api.CreatePersonRequest) => api.post('/api/admin/people', Api.CreatePersonResponse, body),
    updatePerson: (id: string, body: Api.UpdatePersonRequest) =>
      api.send('PATCH', `/api/admin/people/${encodeURIComponent(id)}`, Api.AdminPerson, body),
    workbooks: () => api.get('/api/workbooks', Api.WorkbookList),
    members: (workbookId: string) => api.get(members(workbookId), Api.WorkbookMembers),
    addMember: (workbookId: string, userId: string) =>
      api.send('PUT', `${members(workbookId)}/${encodeURIComponent(userId)}`, Api.WorkbookMembers),
    removeMember: (workbookId: string, userId: string) =>
      api.send('DELETE', `${members(workbookId)}/${encodeURIComponent(userId)}`, Api.WorkbookMembers),
    createWorkbook: (body: Api.AdminCreateWorkbookRequest) => api.post('/api/admin/workbooks', Api.WorkbookSummary, body),
    audit: () => api.get('/api/admin/audit', Api.AdminAuditResponse),
  }
}

export type AdminApi = ReturnType<typeof adminApi>

/** `POST /api/session/password`: the answer is this browser's new token (the other sessions have ended). */
export function changePassword(api: ApiClient, body: Api.ChangePasswordRequest): Promise<Api.LoginResponse> {
  return api.post('/api/session/password', Api.LoginResponse, body)
}
