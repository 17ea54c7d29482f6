import { describe, expect, it } from 'vitest'
import { bigintArray, byteaArray, integer, textArray } from './sql-literal'

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`

describe('SQL literals for the simple protocol', () => {
  it('writes bytes as hex, also of a view into a larger buffer', () => {
    const backing = new Uint8Array([9, 0, 255, 16, 9])
    expect(byteaArray([backing.subarray(1, 4), new Uint8Array()])).toBe("ARRAY[decode('00ff10','hex'),decode('','hex')]::bytea[]")
  })

  it('quotes every text and writes null as NULL, with a type even when empty', () => {
    expect(textArray(quote, ["O'Brien", null])).toBe("ARRAY['O''Brien',NULL]::text[]")
    expect(textArray(quote, [])).toBe('ARRAY[]::text[]')
  })

  it('lets only safe integers into a statement', () => {
    expect(bigintArray([0, 4_294_967_295])).toBe('ARRAY[0,4294967295]::bigint[]')
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) expect(() => integer(bad)).toThrow(TypeError)
    expect(() => bigintArray([1, '1); DROP TABLE updates; --' as unknown as number])).toThrow(TypeError)
  })
})
