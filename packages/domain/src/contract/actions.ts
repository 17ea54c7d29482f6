import type { Role } from './roles'

/** What a person can ask the API to do, besides editing the document itself (rules R1-R9). */
export type ApiAction =
  | 'open-workbook'
  | 'export'
  | 'comment'
  | 'save-version'
  | 'restore-version'
  | 'change-status'
  | 'create-workbook'
  | 'import-xlsx'
  | 'view-quarantine'
  | 'create-scenario'
  | 'apply-scenario'
  | 'manage-people'
  | 'manage-members'
  | 'administer-workbooks'
  | 'view-admin-audit'

/**
 * [A1] Who may take each API action. Membership of the workbook is checked first ([A2]); the
 * status locks of R1 are checked by the action itself where they apply.
 */
const ALLOWED: Readonly<Record<ApiAction, readonly Role[]>> = {
  'open-workbook': ['ekonom', 'omradeschef', 'lasare', 'admin'],
  export: ['ekonom', 'omradeschef', 'lasare', 'admin'],
  comment: ['ekonom', 'omradeschef', 'admin'],
  'save-version': ['ekonom', 'admin'],
  'restore-version': ['admin'],
  'change-status': ['admin'],
  'create-workbook': ['ekonom', 'admin'],
  'import-xlsx': ['ekonom', 'admin'],
  'view-quarantine': ['admin'],
  'create-scenario': ['ekonom', 'omradeschef', 'admin'],
  'apply-scenario': ['ekonom', 'admin'],
  // [A6] Administration: people, memberships, new workbooks from the template or as copies, its audit trail.
  'manage-people': ['admin'],
  'manage-members': ['admin'],
  'administer-workbooks': ['admin'],
  'view-admin-audit': ['admin'],
}

export function mayTakeAction(role: Role, action: ApiAction): boolean {
  return ALLOWED[action].includes(role)
}

/** Why an action is refused to a role, in Swedish, for the 403 and for a greyed-out control. */
export const ACTION_DENIAL: Readonly<Record<ApiAction, string>> = {
  'open-workbook': 'Du har inte tillgång till arbetsboken.',
  export: 'Du har inte tillgång till arbetsboken.',
  comment: 'Du har läsbehörighet och kan inte kommentera.',
  'save-version': 'Bara ekonomer och administratörer kan spara versioner.',
  'restore-version': 'Bara en administratör kan återställa en version.',
  'change-status': 'Bara en administratör kan ändra arbetsbokens status.',
  'create-workbook': 'Bara ekonomer och administratörer kan skapa arbetsböcker.',
  'import-xlsx': 'Bara ekonomer och administratörer kan importera.',
  'view-quarantine': 'Bara en administratör ser vad som har satts åt sidan.',
  'create-scenario': 'Du har läsbehörighet och kan inte skapa scenarier.',
  'apply-scenario': 'Bara ekonomer och administratörer kan föra in ett scenario i planen.',
  'manage-people': 'Bara en administratör kan hantera personer och deras roller.',
  'manage-members': 'Bara en administratör kan ändra vilka som är medlemmar i en arbetsbok.',
  'administer-workbooks': 'Bara en administratör kan skapa arbetsböcker från mallen eller som kopior här.',
  'view-admin-audit': 'Bara en administratör kan läsa administrationens logg.',
}
