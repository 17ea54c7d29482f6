import { ACTION_DENIAL, mayTakeAction, type ApiAction } from '@samplan/domain'
import type { Context, MiddlewareHandler, Next } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { isScenarioDocId } from '../realtime/scenario-docs'
import { WorkbookNotFoundError } from '../storage/errors'
import { tokenFailureMessage } from '../auth/tokens'
import type { User } from '../auth/users'
import type { AppDeps, Env } from './context'
import { ApiFailure, failureResponse } from './failures'

/** Largest body of a JSON route (login, versions, status, new workbook); the biggest real one is well under 1 KiB. */
export const JSON_BODY_LIMIT_BYTES = 64 * 1024

const IMPORT_PATH = /^\/api\/workbooks\/[^/]+\/import(?:\/plan)?$/

function sizeText(bytes: number): string {
  return bytes >= 1_048_576 ? `${bytes / 1_048_576} MB` : `${bytes / 1024} KiB`
}

/** hono's bodyLimit answering 413 with a Swedish JSON error. */
export function limitBody(maxSize: number, what = 'Förfrågan'): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: (c) => failureResponse(c, new ApiFailure('too-large', `${what} är för stor (högst ${sizeText(maxSize)}).`)),
  })
}

/**
 * The first middleware of every route, before sign-in, so the limit holds for requests without
 * a token too. A declared Content-Length over the limit is refused from the header alone; a
 * chunked body is counted as it streams in and refused once it passes the limit, never read
 * further. The import route is the exception: before sign-in only its declared length is
 * checked, so nobody without a token can make the server buffer megabytes; its full limit runs
 * after sign-in (`importBodyLimit`).
 */
export function requestBodyLimits(importMaxBytes: number): MiddlewareHandler {
  const json = limitBody(JSON_BODY_LIMIT_BYTES)
  const importDeclared = limitBody(importMaxBytes, 'Filen')
  return (c: Context, next: Next) => {
    if (c.req.method === 'POST' && IMPORT_PATH.test(c.req.path)) {
      return c.req.header('content-length') !== undefined ? importDeclared(c, next) : next()
    }
    return json(c, next)
  }
}

/** The import route's own limit, mounted after sign-in. */
export function importBodyLimit(importMaxBytes: number): MiddlewareHandler {
  return limitBody(importMaxBytes, 'Filen')
}

/** The bearer token of a request: `Authorization: Bearer …`, or `?token=` for downloads and sockets. */
export function requestToken(request: Request): string | null {
  const header = request.headers.get('authorization')
  if (header?.startsWith('Bearer ')) return header.slice(7).trim()
  return new URL(request.url).searchParams.get('token')
}

/** Sign-in: a valid token puts its user on the request, anything else is 401 'unauthorized'. */
export function requireUser(tokens: AppDeps['tokens']): MiddlewareHandler<Env> {
  return async (c, next) => {
    const check = await tokens.check(requestToken(c.req.raw))
    if (!check.ok) throw new ApiFailure('unauthorized', tokenFailureMessage[check.reason])
    c.set('user', check.user)
    await next()
  }
}

/**
 * [A2] The `:id` workbook of a route, if the signed-in user is a member (admins are members of
 * all). "Missing" and "not yours" are the same 404, so ids of others' workbooks stay private.
 */
export async function requireWorkbook(deps: Pick<AppDeps, 'store' | 'access'>, c: Context<Env>): Promise<string> {
  const id = c.req.param('id') ?? ''
  // A scenario's stored doc is reached through its workbook's scenario routes only, never as a workbook.
  if (isScenarioDocId(id)) throw new WorkbookNotFoundError(id)
  if (!(await deps.store.getWorkbook(id)) || !(await deps.access.canOpen(c.get('user'), id))) throw new WorkbookNotFoundError(id)
  requireAction(c, 'open-workbook')
  return id
}

/** [A1] The signed-in user, if their role may take the action; otherwise 403 with the contract's reason. */
export function requireAction(c: Context<Env>, action: ApiAction): User {
  const user = c.get('user')
  if (!mayTakeAction(user.role, action)) throw new ApiFailure('forbidden', ACTION_DENIAL[action])
  return user
}
