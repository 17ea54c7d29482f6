import { describe, expect, it } from 'vitest'
import { createRng, type Rng } from '../testing'
import { tokenize, type Dialect } from './tokens'

const DIALECTS: readonly Dialect[] = ['sv-SE', 'en', 'stored']

// Pieces that reach every reader and its edges: each reader's own syntax, near misses of it, and
// characters that end or continue it.
const FRAGMENTS: readonly string[] = [
  // whitespace
  ' ', '  ', '\t', '\n', '\u00a0', '\r\n',
  // strings
  '"text"', '"a""b"', '""', '"unclosed', '"', '"{@c1.r1}"', "\"'Blad'!A1\"",
  // stored id references, well formed and not
  '{@c1.r1}', '{@$c1.$r1}', '{@c1.r1:c2.r9}', '{@s1!c1.r1}', "{@'s1!c1.r1:$c2.$r2}", '{@c1}', '{@c1.r1', '{@!c1.r1}',
  '{@s-1!c1.r1}', '{@c1.r1:}', '{@c1.r1:c2}', '{@c1.r1}x}', '{@', '{', '}', '{1,2;3,4}', '@',
  // quoted sheet names
  "'Volym'!C4", "'Volym egen regi'!$A$1:B2", "'It''s'!A1", "'Blad'!", "'Blad'", "'unclosed", "''!A1", "'", "'a'!XFE1",
  // error literals in both languages and cases
  '#REF!', '#ref!', '#N/A', '#n/a', '#DIV/0!', '#DIVISION/0!', '#REFERENS!', '#referens!', '#VÄRDEFEL!', '#värdefel!',
  '#NAMN?', '#NAME?', '#SAKNAS!', '#OGILTIGT!', '#NUM!', '#VALUE!', '#CYCLE!', '#SPILL!', '#ERROR!', '#', '#REF', '#N/',
  // numbers in both decimal marks
  '0', '1', '42', '1,5', '1.5', ',5', '.5', '1e3', '1E+3', '2e-7', '1e', '1,', '1.', '12345678', '1,5e3', '3.14.15',
  // A1 references, ranges, near misses
  'A1', 'b2', '$A$1', 'A$1', '$A1', 'XFD1048576', 'XFE1', 'A1048577', 'A0', 'ABCD1', 'A12345678', 'B2:B9', 'B2:', ':B2',
  'A1:$C$3', 'A:A', '2:5', '$', '$$A1', 'A1B', 'A1(', 'A1!', 'A1.5', 'A1_',
  // names, functions, sheet-qualified references
  'SUMMA(', 'SUM(', 'OM(', 'IF', 'LOG10(', 'Blad1!A1', 'Blad1!A1:B2', 'Blad1!', 'Blad1!X', 'åäö', 'Öppen!B2', '_x',
  'a.b', 'TRUE', 'FALSKT', 'sant', 'E3', 'RSUAVGIFT(', 'SKOLPENGANDEL(',
  // separators and operators
  ';', ',', '.', ':', '<>', '<=', '>=', '<', '>', '=', '+', '-', '*', '/', '^', '&', '%', '(', ')', '!', '?', '~', '\\',
  // outside the tokenizer's alphabet
  'é', '€', '😀', '\u0000', '\u200b',
]

// Split by code point, so the emoji stays whole (the tokenizer still sees its two halves).
const CHARACTERS = [...` \t"'{}@!#$%&()*+,-./:;<=>?^_\`|~0123456789AaBbCcEeXxZzåÅé😀\u00a0`]

/** A formula body: mostly fragments (so readers meet their own syntax), with random characters between. */
function randomBody(rng: Rng): string {
  const parts: string[] = []
  const length = rng.int(12)
  for (let k = 0; k < length; k++) {
    parts.push(rng.bool(0.75) ? rng.pick(FRAGMENTS) : rng.pick(CHARACTERS))
  }
  return parts.join('')
}

/** The seeded corpus: 20 000 bodies, the same on every run. */
function corpus(): string[] {
  const rng = createRng(20_240_613)
  return Array.from({ length: 20_000 }, () => randomBody(rng))
}

/** FNV-1a (32 bit) of a text: a short fingerprint of the tokens of the whole corpus. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5
  for (let k = 0; k < text.length; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 0x01000193) >>> 0
  return `${hash.toString(16)}/${text.length}`
}

describe('tokenize', () => {
  it('reads the seeded corpus to the tokens recorded from the single-loop tokenizer it replaced', () => {
    const tokens = corpus().map((body) => DIALECTS.map((dialect) => tokenize(body, dialect)))
    // Recorded with the previous tokenizer (one loop of branches) before it was deleted: a change here
    // changes what stored formulas mean, so it must come with a SPEC change.
    expect(fingerprint(JSON.stringify(tokens))).toBe('3de73209/14891314')
  })

  it('[F9] never throws, and the token texts concatenate back to the input', () => {
    for (const body of corpus()) {
      for (const dialect of DIALECTS) expect(tokenize(body, dialect).map((t) => t.text).join('')).toBe(body)
    }
  })

  it('reads each kind of token', () => {
    const kinds = (body: string, dialect: Dialect) => tokenize(body, dialect).map((t) => `${t.t}:${t.text}`)
    expect(kinds('SUMMA(B2:B9)/OM(C3>0;C3;1,5)', 'sv-SE')).toEqual([
      'func:SUMMA', 'op:(', 'ref:B2:B9', 'op:)', 'op:/', 'func:OM', 'op:(', 'ref:C3', 'op:>', 'number:0', 'sep:;',
      'ref:C3', 'sep:;', 'number:1,5', 'op:)',
    ])
    expect(kinds(`'Volym egen regi'!C4 <> #referens! & "a""b"`, 'sv-SE')).toEqual([
      "ref:'Volym egen regi'!C4", 'ws: ', 'op:<>', 'ws: ', 'error:#referens!', 'ws: ', 'op:&', 'ws: ', 'string:"a""b"',
    ])
    expect(kinds("SUM({@c1.r1:c1.r8},{@'s2!$c3.$r3})+{@bad", 'stored')).toEqual([
      'func:SUM', 'op:(', 'ref:{@c1.r1:c1.r8}', 'sep:,', "ref:{@'s2!$c3.$r3}", 'op:)', 'op:+', 'op:{', 'other:@', 'ident:bad',
    ])
    expect(kinds('Blad1!A1*1E3+E3+$+XFE1+.5', 'en')).toEqual([
      'ref:Blad1!A1', 'op:*', 'number:1E3', 'op:+', 'ref:E3', 'op:+', 'other:$', 'op:+', 'ident:XFE1', 'op:+', 'number:.5',
    ])
    const ref = tokenize("'It''s'!$B2", 'en')[0]
    expect(ref).toMatchObject({ t: 'ref', sheet: { by: 'name', name: "It's", quoted: true }, a: { kind: 'a1', col: 1, row: 1, colAbs: true } })
  })
})
