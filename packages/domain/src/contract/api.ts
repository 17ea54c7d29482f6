import { z } from 'zod'
import { ImportPlan } from '../import/import-plan'
import { ColumnSpec, RowSpec } from '../schema/sheet'
import { ApiError } from './api-errors'
import { Role } from './roles'
import { WorkbookStatus } from './workflow'

/*
 * The bodies and answers of the HTTP API. The server validates request bodies with these and
 * builds its answers to them; the web app reads answers through them. Limits on request fields
 * (lengths, trimming) are the server's rules, so the browser can check a form the same way.
 */

const name200 = z.string().trim().min(1).max(200)

/** `POST /api/login` */
export const LoginRequest = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
})
export type LoginRequest = z.infer<typeof LoginRequest>

/** `GET /api/me`: the signed-in user; `color` is the presence colour the server stamps on their cursor and badge. */
export const Me = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  role: Role,
  /** The område an områdeschef answers for. */
  omrade: z.string().nullable(),
  color: z.string(),
})
export type Me = z.infer<typeof Me>

export const LoginResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: Me,
  /** How this session began: a local password (the person may change it, A7) or the identity provider. */
  signIn: z.enum(['password', 'oidc']).optional(),
})
export type LoginResponse = z.infer<typeof LoginResponse>

/**
 * `GET /api/session/methods`: how people sign in on this server; the city's identity provider
 * by its display name ("Logga in med …"), and whether the password form is offered.
 */
export const SignInMethods = z.object({ password: z.boolean(), provider: z.object({ displayName: z.string() }).nullable() })
export type SignInMethods = z.infer<typeof SignInMethods>

/** `POST /api/session/logout` and `/api/session/end-everywhere`: the provider's sign-out address to visit next, if any. */
export const SignOutResponse = z.object({ endSessionUrl: z.string().nullable() })
export type SignOutResponse = z.infer<typeof SignOutResponse>

/** 429 of `POST /api/login`; `Retry-After` carries the same seconds. */
export const TooManyAttempts = ApiError.extend({ retryAfterSeconds: z.number().int().positive() })
export type TooManyAttempts = z.infer<typeof TooManyAttempts>

export const WorkbookSummary = z.object({ id: z.string(), title: z.string(), createdAt: z.string() })
export type WorkbookSummary = z.infer<typeof WorkbookSummary>

/** `GET /api/workbooks`: the workbooks the user may open. */
export const WorkbookList = z.object({ workbooks: z.array(WorkbookSummary) })
export type WorkbookList = z.infer<typeof WorkbookList>

/** `GET /api/workbooks/:id`; the epoch lets an offline copy find out that it belongs to a replaced document. */
export const WorkbookInfo = WorkbookSummary.extend({ epoch: z.string(), status: WorkbookStatus })
export type WorkbookInfo = z.infer<typeof WorkbookInfo>

/** `POST /api/workbooks` (201: a WorkbookSummary). */
export const CreateWorkbookRequest = z.object({
  title: name200,
  template: z.enum(['vp2024', 'empty']).default('empty'),
})
export type CreateWorkbookRequest = z.infer<typeof CreateWorkbookRequest>

/**
 * `POST /api/workbooks/:id/rollover` (201: a WorkbookSummary): next year's plan from this one
 * (rules RO1-RO8); the new budget year's inputs start from this year's (`copy`) or empty.
 */
export const RollOverRequest = z.object({ newBudget: z.enum(['copy', 'empty']).default('copy') })
export type RollOverRequest = z.infer<typeof RollOverRequest>

/** A cell input as history and compare report it: formulas as English A1 text of that moment. */
export const RecordedInput = z.union([z.number(), z.string(), z.boolean(), z.null()])
export type RecordedInput = z.infer<typeof RecordedInput>

/** One cell's change in the audit trail. */
export const HistoryEntry = z.object({
  seq: z.number().int(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  at: z.string(),
  sheetId: z.string(),
  rowId: z.string(),
  colId: z.string(),
  /** Sheet name and A1 when the change was made (`Budget!C2`). */
  address: z.string().nullable(),
  old: RecordedInput,
  new: RecordedInput,
})
export type HistoryEntry = z.infer<typeof HistoryEntry>

/** `GET /api/workbooks/:id/history?cell=Budget!C2` (or `sheetId`, `rowId`, `colId`), newest first. */
export const HistoryResponse = z.object({ entries: z.array(HistoryEntry) })
export type HistoryResponse = z.infer<typeof HistoryResponse>

export const VersionRecord = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
})
export type VersionRecord = z.infer<typeof VersionRecord>

/** `GET /api/workbooks/:id/versions`, oldest first. */
export const VersionList = z.object({ versions: z.array(VersionRecord) })
export type VersionList = z.infer<typeof VersionList>

/** `POST /api/workbooks/:id/versions` (201: a VersionRecord). */
export const CreateVersionRequest = z.object({ name: name200 })
export type CreateVersionRequest = z.infer<typeof CreateVersionRequest>

/**
 * `GET /api/workbooks/:id/versions/compare?from=…&to=…|current`: each difference carries its
 * column's spec, so the web app formats the figures as the grid does (SPEC V8).
 */
export const CompareResponse = z.object({
  from: z.string(),
  to: z.string(),
  differences: z.array(
    z.object({
      sheetId: z.string(),
      sheetName: z.string(),
      rowId: z.string(),
      colId: z.string(),
      a1: z.string(),
      from: RecordedInput,
      to: RecordedInput,
      // A spec that no longer fits the schema formats like no spec, rather than failing the compare.
      column: ColumnSpec.nullable().catch(null),
    }),
  ),
})
export type CompareResponse = z.infer<typeof CompareResponse>

/** `POST /api/workbooks/:id/versions/:versionId/restore` */
export const RestoreResponse = z.object({
  changedCells: z.number().int(),
  removedRows: z.number().int(),
  removedColumns: z.number().int(),
  /** Rows of the version deleted since; they are not brought back. */
  missingRows: z.number().int(),
})
export type RestoreResponse = z.infer<typeof RestoreResponse>

/** `POST /api/workbooks/:id/status` */
export const StatusChangeRequest = z.object({
  status: WorkbookStatus,
  /** Name of the version saved when the workbook is decided, e.g. "Beslutad 2023-12-14, dnr …". */
  versionName: name200.optional(),
})
export type StatusChangeRequest = z.infer<typeof StatusChangeRequest>

/** The new status; moving to beslutad saves a version, returned here. */
export const StatusChangeResponse = z.object({ status: WorkbookStatus, version: VersionRecord.optional() })
export type StatusChangeResponse = z.infer<typeof StatusChangeResponse>

/** A stored snapshot or update that could not be applied, set aside for an administrator. */
export const QuarantineEntry = z.object({
  kind: z.enum(['snapshot', 'update']),
  /** The update's log sequence number, or the snapshot's `upto` sequence. */
  seq: z.number().int(),
  userId: z.string().nullable(),
  reason: z.string(),
  bytes: z.number().int(),
  quarantinedAt: z.string(),
})
export type QuarantineEntry = z.infer<typeof QuarantineEntry>

/** `GET /api/workbooks/:id/quarantine`, newest first. */
export const QuarantineResponse = z.object({ entries: z.array(QuarantineEntry) })
export type QuarantineResponse = z.infer<typeof QuarantineResponse>

/** `POST /api/workbooks/:id/import` (201): the sheets added and the formulas set aside as unsafe. */
export const ImportResult = z.object({
  sheets: z.array(z.object({ id: z.string(), name: z.string(), rows: z.number().int(), columns: z.number().int() })),
  neutralised: z.array(
    z.object({
      sheet: z.string(),
      /** A1 address in the imported sheet. */
      cell: z.string(),
      formula: z.string(),
      /** Swedish: why the formula was not imported as a formula. */
      reason: z.string(),
    }),
  ),
})
export type ImportResult = z.infer<typeof ImportResult>

/**
 * `POST /api/workbooks/:id/import/plan?targets=…` (body: the xlsx file): what importing it would
 * change (SPEC IM1-IM10), written by nobody until the user applies it from the web app; `targets`
 * is JSON of `ImportTargets` (file sheet index -> sheet id, `new` or `skip`).
 */
export const ImportPreview = z.object({
  plan: ImportPlan,
  /** Names of the file's sheets, in order, for the target choice. */
  fileSheets: z.array(z.string()),
  neutralised: ImportResult.shape.neutralised,
})
export type ImportPreview = z.infer<typeof ImportPreview>

/** A cell of the plan by its stable ids, as scenario requests name it. */
export const ScenarioCell = z.object({
  sheetId: z.string().min(1).max(64),
  rowId: z.string().min(1).max(64),
  colId: z.string().min(1).max(64),
})
export type ScenarioCell = z.infer<typeof ScenarioCell>

/** One override of a scenario: the plan's cell and the scenario's input (null empties the cell). */
export const ScenarioOverride = ScenarioCell.extend({ input: RecordedInput })
export type ScenarioOverride = z.infer<typeof ScenarioOverride>

/** A scenario as listed (SPEC SC1, SC8). */
export const ScenarioSummary = z.object({
  id: z.string(),
  workbookId: z.string(),
  name: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  visibility: z.enum(['private', 'shared']),
  createdAt: z.string(),
  overrideCount: z.number().int().min(0),
})
export type ScenarioSummary = z.infer<typeof ScenarioSummary>

/** `GET /api/workbooks/:id/scenarios`: the scenarios the user may see, newest first. */
export const ScenarioList = z.object({ scenarios: z.array(ScenarioSummary) })
export type ScenarioList = z.infer<typeof ScenarioList>

/** `POST /api/workbooks/:id/scenarios` */
export const CreateScenarioRequest = z.object({
  name: z.string().trim().min(1).max(100),
  visibility: z.enum(['private', 'shared']).default('private'),
})
export type CreateScenarioRequest = z.infer<typeof CreateScenarioRequest>

/** `PATCH /api/workbooks/:id/scenarios/:scenarioId`: a new name or visibility. */
export const UpdateScenarioRequest = z
  .object({ name: z.string().trim().min(1).max(100).optional(), visibility: z.enum(['private', 'shared']).optional() })
  .refine((r) => r.name !== undefined || r.visibility !== undefined, 'Ange ett nytt namn eller en ny synlighet.')
export type UpdateScenarioRequest = z.infer<typeof UpdateScenarioRequest>

/** `GET /api/workbooks/:id/scenarios/:scenarioId`: the scenario with its overrides. */
export const ScenarioDetail = ScenarioSummary.extend({ overrides: z.array(ScenarioOverride) })
export type ScenarioDetail = z.infer<typeof ScenarioDetail>

/**
 * `POST /api/workbooks/:id/scenarios/:scenarioId/overrides`: overrides to set and cells to give
 * back to the plan, judged by the plan's cell rules without its status lock (SPEC SC6).
 */
export const ScenarioOverridesRequest = z
  .object({ set: z.array(ScenarioOverride).max(5000).default([]), remove: z.array(ScenarioCell).max(5000).default([]) })
  .refine((r) => r.set.length + r.remove.length > 0, 'Inga ändringar att spara.')
export type ScenarioOverridesRequest = z.infer<typeof ScenarioOverridesRequest>

/** Shortest password a local account may choose (`POST /api/session/password`, `POST /api/admin/people`). */
export const MIN_PASSWORD_LENGTH = 12

const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Lösenordet måste ha minst ${MIN_PASSWORD_LENGTH} tecken.`)
  .max(200, 'Lösenordet får ha högst 200 tecken.')

/** A person as the administration sees them (`GET /api/admin/people`). */
export const AdminPerson = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  role: Role,
  omrade: z.string().nullable(),
  /** False once deactivated: no sign-in, every token refused. */
  active: z.boolean(),
  /** How the person signs in: a local password or the city's identity provider. */
  signIn: z.enum(['password', 'oidc']),
})
export type AdminPerson = z.infer<typeof AdminPerson>

export const AdminPeople = z.object({ people: z.array(AdminPerson) })
export type AdminPeople = z.infer<typeof AdminPeople>

/**
 * `POST /api/admin/people`. A local account gets the admin's password, or a generated one when
 * none is given (answered once); a provider account is pre-registered by the issuer and subject
 * the provider will send (its `iss` and `sub` claims).
 */
export const CreatePersonRequest = z.discriminatedUnion('signIn', [
  z.object({
    signIn: z.literal('password'),
    username: z.string().trim().min(1).max(100),
    name: name200,
    role: Role,
    omrade: z.string().trim().min(1).max(100).nullable().default(null),
    password: newPassword.optional(),
  }),
  z.object({
    signIn: z.literal('oidc'),
    username: z.string().trim().min(1).max(100),
    name: name200,
    role: Role,
    omrade: z.string().trim().min(1).max(100).nullable().default(null),
    issuer: z.string().trim().min(1).max(500),
    subject: z.string().trim().min(1).max(500),
  }),
])
export type CreatePersonRequest = z.input<typeof CreatePersonRequest>

/** 201 of `POST /api/admin/people`; `password` is the generated one, shown this once (null otherwise). */
export const CreatePersonResponse = z.object({ person: AdminPerson, password: z.string().nullable() })
export type CreatePersonResponse = z.infer<typeof CreatePersonResponse>

/** `PATCH /api/admin/people/:id`: role, område and whether the person may sign in. */
export const UpdatePersonRequest = z
  .object({
    role: Role.optional(),
    omrade: z.string().trim().min(1).max(100).nullable().optional(),
    active: z.boolean().optional(),
  })
  .refine((r) => r.role !== undefined || r.omrade !== undefined || r.active !== undefined, 'Inga ändringar att spara.')
export type UpdatePersonRequest = z.infer<typeof UpdatePersonRequest>

/** `GET /api/admin/workbooks/:id/members` */
export const WorkbookMembers = z.object({ members: z.array(AdminPerson) })
export type WorkbookMembers = z.infer<typeof WorkbookMembers>

/** `POST /api/admin/workbooks`: a new workbook from the VP template, or a copy of another workbook. */
export const AdminCreateWorkbookRequest = z.discriminatedUnion('from', [
  z.object({ from: z.literal('template'), title: name200 }),
  z.object({ from: z.literal('copy'), title: name200, sourceId: z.string().min(1).max(100) }),
])
export type AdminCreateWorkbookRequest = z.infer<typeof AdminCreateWorkbookRequest>

/** One administrative action in the audit trail: who did what to whom, old -> new. */
export const AdminAuditEntry = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  target: z.string(),
  old: z.string().nullable(),
  new: z.string().nullable(),
})
export type AdminAuditEntry = z.infer<typeof AdminAuditEntry>

/** `GET /api/admin/audit`, newest first. */
export const AdminAuditResponse = z.object({ entries: z.array(AdminAuditEntry) })
export type AdminAuditResponse = z.infer<typeof AdminAuditResponse>

/** `POST /api/session/password` (local accounts): the current password and the new one. */
export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword,
})
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>

/** A computed cell as the formula engine gives it (the same shape as the formulas package's `CellComputed`). */
export const ComputedValue = z.object({
  value: z.union([z.number(), z.string(), z.boolean(), z.null()]),
  error: z
    .object({
      type: z.string(),
      display: z.string(),
      message: z.string().optional(),
      messageEn: z.string().optional(),
    })
    .optional(),
})
export type ComputedValue = z.infer<typeof ComputedValue>

/**
 * `GET /api/workbooks/:id/computed?sheet=<sheetId>` (no `sheet`: the first sheet): the computed values of one
 * sheet's formula cells as the server's engine holds them, so a browser can paint numbers while its own engine
 * builds. `rows` and `cols` are the sheet's row and column ids in order; each cell is
 * `[row index, column index, value]`. `stateVector` (base64 of `Y.encodeStateVector`) is the document state the
 * values were computed at: values are exact for a browser whose document has that state and stale, until its own
 * engine is ready, for one that has more.
 */
export const ComputedSheet = z.object({
  sheetId: z.string(),
  stateVector: z.string(),
  rows: z.array(z.string()),
  cols: z.array(z.string()),
  cells: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative(), ComputedValue])),
  /**
   * Asked with `?since=<stateVector>` of an earlier answer the server still holds: `cells` are only the formula cells
   * whose value differs from that answer's (or that it lacked), and `rows` and `cols` only the ids they name.
   */
  since: z.string().optional(),
})
export type ComputedSheet = z.infer<typeof ComputedSheet>

/**
 * `GET /api/workbooks/:id/first-screen?rows=<n>`: what a cold open paints of the first sheet before its document has
 * arrived: the sheet's layout, the first `rows.length` rows' inputs (`inputs[row][col]`, null for an empty cell) and
 * the computed values of their formula cells (`values`, as in `ComputedSheet.cells`). `stateVector` is the document
 * state both were read at; `values` is empty when the server's engine was not at that state, so no number is ever
 * painted that the page's engine would not compute. `rowCount` is the sheet's full number of rows.
 */
export const FirstScreen = z.object({
  sheetId: z.string(),
  name: z.string(),
  frozenRows: z.number().int().nonnegative(),
  rowCount: z.number().int().nonnegative(),
  stateVector: z.string(),
  columns: z.array(ColumnSpec),
  rows: z.array(RowSpec),
  inputs: z.array(z.array(z.union([z.number(), z.string(), z.boolean(), z.null()]))),
  values: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative(), ComputedValue])),
})
export type FirstScreen = z.infer<typeof FirstScreen>
