import { z } from 'zod'

/** Every error the HTTP API answers with: a code a program can switch on and a Swedish message a person can act on. */
export const ApiErrorCode = z.enum([
  'invalid-request',
  'bad-credentials',
  'unauthorized',
  'forbidden',
  'not-found',
  'invalid-transition',
  'too-large',
  'too-many-attempts',
  'unknown-sheet',
  'unknown-cell',
  'internal',
  'unavailable',
])
export type ApiErrorCode = z.infer<typeof ApiErrorCode>

export const ApiError = z.object({ error: ApiErrorCode, message: z.string() })
export type ApiError = z.infer<typeof ApiError>

/** The HTTP status each error code is sent with. */
export const API_ERROR_STATUS: Readonly<Record<ApiErrorCode, number>> = {
  'invalid-request': 400,
  'bad-credentials': 401,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'invalid-transition': 409,
  'too-large': 413,
  'too-many-attempts': 429,
  'unknown-sheet': 404,
  // A cell address in a query (history's `cell=`) that names no cell is a bad query, not a missing resource.
  'unknown-cell': 400,
  internal: 500,
  // The database cannot be reached: nothing was stored, try again shortly.
  unavailable: 503,
}
