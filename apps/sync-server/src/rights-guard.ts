import { checkUpdate, openWorkbook } from '@samplan/domain'
import type { UpdateGuard } from './room'

/** Every incoming update is checked against the sender's rights on the live doc (domain rules R1-R8). */
export const rightsGuard: UpdateGuard = (update, { doc, user }) =>
  checkUpdate(openWorkbook(doc), { role: user.role, omrade: user.omrade }, update)
