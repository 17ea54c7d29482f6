export { ACTION_DENIAL, mayTakeAction } from './actions'
export {
  CompareResponse,
  CreateVersionRequest,
  CreateWorkbookRequest,
  HistoryEntry,
  HistoryResponse,
  ImportResult,
  LoginRequest,
  LoginResponse,
  Me,
  QuarantineEntry,
  QuarantineResponse,
  RecordedInput,
  RestoreResponse,
  StatusChangeRequest,
  StatusChangeResponse,
  TooManyAttempts,
  VersionList,
  VersionRecord,
  WorkbookInfo,
  WorkbookList,
  WorkbookSummary,
} from './api'
export type { ApiAction } from './actions'
export { API_ERROR_STATUS, ApiError, ApiErrorCode } from './api-errors'
export { CloseCode } from './close-codes'
export { Role } from './roles'
export { canMoveStatus, NEXT_STATUS, WorkbookStatus } from './workflow'
