import { checkUpdate } from '@samplan/domain'
import type { UpdateGuard } from './room'

/** Every incoming update is checked against the sender's rights on the live doc (domain rules R1-R8). */
export const rightsGuard: UpdateGuard = (update, { workbook, user }) =>
  checkUpdate(workbook, { id: user.id, role: user.role, omrade: user.omrade }, update)
