/**
 * SQL literals for statements sent with the simple query protocol, which carries several statements
 * in one round trip but no parameters. Text goes through the driver's own quoting
 * (`escapeLiteral`), bytes as hex through `decode`, numbers only when they are safe integers.
 */
export type Quote = (text: string) => string

/** A `text[]` of the values (NULL for null). */
export function textArray(quote: Quote, values: ReadonlyArray<string | null>): string {
  return `ARRAY[${values.map((v) => (v === null ? 'NULL' : quote(v))).join(',')}]::text[]`
}

/** A `bytea[]` of the values. */
export function byteaArray(values: readonly Uint8Array[]): string {
  return `ARRAY[${values.map((v) => `decode('${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}','hex')`).join(',')}]::bytea[]`
}

/** A `bigint[]` of the values; throws on anything but a safe integer, so nothing else reaches the statement. */
export function bigintArray(values: readonly number[]): string {
  return `ARRAY[${values.map(integer).join(',')}]::bigint[]`
}

/** A safe integer as a literal; throws on anything else. */
export function integer(value: number): string {
  if (!Number.isSafeInteger(value)) throw new TypeError(`not an integer for SQL: ${value}`)
  return String(value)
}
