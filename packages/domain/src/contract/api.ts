import { z } from 'zod'
import { ColumnSpec } from '../schema/sheet'
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

export const LoginResponse = z.object({ token: z.string(), expiresAt: z.string(), user: Me })
export type LoginResponse = z.infer<typeof LoginResponse>

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
