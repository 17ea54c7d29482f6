import type { Context } from 'hono'
import { z } from 'zod'
import { ApiFailure } from './failures'

/** The JSON body of a request, checked against its contract schema; anything else is 'invalid-request'. */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let body: unknown
  try {
    body = await c.req.json()
  } catch {
    throw new ApiFailure('invalid-request', 'Förfrågan måste vara giltig JSON.')
  }
  return check(schema, body)
}

/** The query string of a request, checked against a schema. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return check(schema, c.req.query())
}

function check<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new ApiFailure('invalid-request', z.prettifyError(parsed.error))
  return parsed.data
}
