import { API_ERROR_STATUS, type ApiErrorCode } from '@samplan/domain'
import type { Context, ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { StorageUnavailableError, WorkbookNotFoundError } from '../storage/errors'

/**
 * A failure the API answers with `{ error: code, message }` and the code's HTTP status
 * (API_ERROR_STATUS). Routes and middleware throw it; `handleError` turns it into the response,
 * so every error has the contract's shape.
 */
export class ApiFailure extends Error {
  override name = 'ApiFailure'
  constructor(
    readonly code: ApiErrorCode,
    /** Swedish, shown to the user as is. */
    message: string,
    /** Fields sent besides `error` and `message` (e.g. `retryAfterSeconds`). */
    readonly extra: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message)
  }
}

/** The contract's error body `{ error, message }` (plus any extra fields) with the code's status. */
export function failureResponse(c: Context, failure: ApiFailure): Response {
  for (const [name, value] of Object.entries(failure.headers)) c.header(name, value)
  const status = API_ERROR_STATUS[failure.code] as ContentfulStatusCode
  return c.json({ error: failure.code, message: failure.message, ...failure.extra }, status)
}

const CODE_OF_STATUS: Readonly<Record<number, ApiErrorCode>> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  413: 'too-large',
  429: 'too-many-attempts',
}

/**
 * The one place a thrown error becomes a response: typed failures with their code, a 4xx
 * hono raised itself with the nearest code, anything else as 'internal' without its stack.
 */
export const handleError: ErrorHandler = (err, c) => {
  if (err instanceof ApiFailure) return failureResponse(c, err)
  if (err instanceof WorkbookNotFoundError) return failureResponse(c, new ApiFailure(err.code, err.message))
  if (err instanceof StorageUnavailableError) {
    console.error(`database unavailable: ${err.detail}`)
    return failureResponse(c, new ApiFailure(err.code, err.message, {}, { 'Retry-After': '5' }))
  }
  if (err instanceof HTTPException && err.status < 500) {
    return failureResponse(c, new ApiFailure(CODE_OF_STATUS[err.status] ?? 'invalid-request', err.message))
  }
  console.error(err)
  return failureResponse(c, new ApiFailure('internal', 'Ett oväntat fel inträffade på servern.'))
}
