import { ApiErrorCode } from '@samplan/domain'

/** Reads a JSON answer into its type: a zod schema of the shared contract (`Api.*` in the domain). */
export interface Schema<T> {
  parse(data: unknown): T
}

export type Query = Record<string, string>

/** What went wrong: a code of the contract, or `unreachable` when no answer came (offline, server down). */
export type ApiFailureCode = ApiErrorCode | 'unreachable'

/** A request the API refused or could not answer, with the server's Swedish message for the person. */
export class ApiRequestError extends Error {
  override name = 'ApiRequestError'
  constructor(
    readonly code: ApiFailureCode,
    message: string,
    /** HTTP status; 0 when no answer came. */
    readonly status: number,
  ) {
    super(message)
  }
}

/** Whether a request failed because the token was refused (the client has already asked for a new sign-in). */
export function isUnauthorized(err: unknown): boolean {
  return err instanceof ApiRequestError && err.code === 'unauthorized'
}

export interface ApiClientOptions {
  /** The signed-in user's token (or where to read the newest one); without one (sign-in itself) requests go out unauthenticated. */
  token?: string | (() => string | undefined)
  /** The token was refused (401 on a request that carried it): the app asks the person to sign in again. Called once. */
  onUnauthorized?: () => void
  /** Where the API lives: '' (same origin) in the browser, a local server in tests. */
  baseUrl?: string
}

export interface ApiClient {
  get<T>(path: string, schema: Schema<T>, query?: Query): Promise<T>
  /** POSTs a JSON body, or a file as bytes. */
  post<T>(path: string, schema: Schema<T>, body?: unknown): Promise<T>
  /** PUT, PATCH or DELETE with an optional JSON body (the administration's routes). */
  send<T>(method: 'PUT' | 'PATCH' | 'DELETE', path: string, schema: Schema<T>, body?: unknown): Promise<T>
  /**
   * GET that names the version the caller has (`If-None-Match`): null while the server answers 304
   * (unchanged), else the new answer with its `ETag`, for following a resource by asking often.
   */
  getIfChanged<T>(path: string, schema: Schema<T>, etag: string | null): Promise<Changed<T> | null>
  /**
   * A URL the browser fetches by itself (a download link): the token rides in the query, since
   * a link cannot carry a header.
   */
  link(path: string, query?: Query): string
}

/** A resource that changed since the version the caller had, with the version it is now. */
export interface Changed<T> {
  value: T
  etag: string | null
}

/** For answers without a body (204): anything else is not what the route promises. */
export const NO_CONTENT: Schema<void> = {
  parse(data: unknown) {
    if (data !== undefined) throw new TypeError('expected no content')
  },
}

const UNREACHABLE = 'Servern går inte att nå. Kontrollera anslutningen och försök igen.'
const UNEXPECTED = 'Servern svarade med något oväntat.'

/** The one way the browser talks to the HTTP API: token, JSON, typed errors, and 401 handled in one place. */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const { baseUrl = '' } = options
  const currentToken = () => (typeof options.token === 'function' ? options.token() : options.token) || undefined
  let signedOut = false

  const url = (path: string, query?: Query) => {
    const search = query && Object.keys(query).length > 0 ? `?${new URLSearchParams(query)}` : ''
    return `${baseUrl}${path}${search}`
  }

  async function request<T>(
    method: string,
    path: string,
    schema: Schema<T>,
    query?: Query,
    body?: unknown,
    conditional?: { etag: string | null; seen: (res: Response) => void },
  ): Promise<T> {
    // The server reads its session cookie only on requests carrying this header, which other sites cannot add.
    const headers: Record<string, string> = { 'x-samplan-session': '1' }
    if (conditional?.etag) headers['if-none-match'] = conditional.etag
    const token = currentToken()
    if (token) headers.authorization = `Bearer ${token}`
    let payload: BodyInit | undefined
    if (body instanceof Blob) {
      headers['content-type'] = 'application/octet-stream'
      payload = body
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json'
      payload = JSON.stringify(body)
    }
    let res: Response
    try {
      res = await fetch(url(path, query), { method, headers, body: payload })
    } catch {
      throw new ApiRequestError('unreachable', UNREACHABLE, 0)
    }
    conditional?.seen(res)
    if (conditional && res.status === 304) return undefined as T
    const answer = await readJson(res)
    if (!res.ok) {
      const failure = errorOf(res.status, answer)
      if (res.status === 401 && token && !signedOut) {
        signedOut = true
        options.onUnauthorized?.()
      }
      throw failure
    }
    try {
      return schema.parse(answer)
    } catch {
      throw new ApiRequestError('internal', UNEXPECTED, res.status)
    }
  }

  return {
    get: (path, schema, query) => request('GET', path, schema, query),
    post: (path, schema, body) => request('POST', path, schema, undefined, body),
    send: (method, path, schema, body) => request(method, path, schema, undefined, body),
    getIfChanged: async (path, schema, etag) => {
      const seen: { res?: Response } = {}
      const value = await request('GET', path, schema, undefined, undefined, { etag, seen: (res) => (seen.res = res) })
      if (seen.res?.status === 304) return null
      return { value, etag: seen.res?.headers.get('etag') ?? null }
    },
    link: (path, query = {}) => {
      const token = currentToken()
      return url(path, token ? { ...query, token } : query)
    },
  }
}

async function readJson(res: Response): Promise<unknown> {
  try {
    return await res.json()
  } catch {
    // A proxy's HTML error page, an empty body: the status still says what happened.
    return undefined
  }
}

/** The contract's `{ error, message }`; a code outside the contract is read from the status. */
function errorOf(status: number, answer: unknown): ApiRequestError {
  const body = (typeof answer === 'object' && answer !== null ? answer : {}) as { error?: unknown; message?: unknown }
  const known = ApiErrorCode.safeParse(body.error)
  const code = known.success ? known.data : codeOfStatus(status)
  const message = typeof body.message === 'string' && body.message ? body.message : `Servern svarade ${status}.`
  return new ApiRequestError(code, message, status)
}

/** For answers that predate the contract's codes (or come from a proxy). */
const CODE_OF_STATUS: Readonly<Record<number, ApiErrorCode>> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'invalid-transition',
  413: 'too-large',
  429: 'too-many-attempts',
}

function codeOfStatus(status: number): ApiErrorCode {
  return CODE_OF_STATUS[status] ?? (status >= 500 ? 'internal' : 'invalid-request')
}
