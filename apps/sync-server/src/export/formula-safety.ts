/**
 * Formulas that reach outside the workbook: links to other files, DDE (starting programs) and
 * functions that call the web, the host or native code. Samplan never stores one from an
 * imported file and never writes one to an export, because Excel or LibreOffice would run it
 * on the reader's machine.
 */
export type UnsafeFormulaKind = 'external-reference' | 'dde' | 'function'

export interface UnsafeFormula {
  kind: UnsafeFormulaKind
  /** The function's name (kind 'function'). */
  name?: string
  /** Swedish, completes "Formeln togs bort eftersom den …". */
  reason: string
}

const WEB = 'kan hämta data från eller skicka data till internet'
const PROGRAM = 'kan starta program, makron eller tillägg'
const HOST = 'kan läsa uppgifter om datorn och dess filer'

/** Functions never kept, by canonical (English) name, `_xlfn.`/`_xlws.` stripped. */
const UNSAFE_FUNCTIONS: Readonly<Record<string, string>> = {
  HYPERLINK: 'skapar en länk som öppnar en webbadress eller fil när någon klickar',
  WEBSERVICE: WEB,
  FILTERXML: WEB,
  ENCODEURL: WEB,
  IMAGE: WEB,
  STOCKHISTORY: WEB,
  TRANSLATE: WEB,
  DETECTLANGUAGE: WEB,
  COPILOT: WEB,
  PY: WEB,
  IMPORTXML: WEB,
  IMPORTHTML: WEB,
  IMPORTDATA: WEB,
  IMPORTFEED: WEB,
  IMPORTRANGE: WEB,
  RTD: PROGRAM,
  CALL: PROGRAM,
  REGISTER: PROGRAM,
  'REGISTER.ID': PROGRAM,
  EXEC: PROGRAM,
  RUN: PROGRAM,
  DDE: PROGRAM,
  'SQL.REQUEST': PROGRAM,
  FOPEN: HOST,
  FWRITE: HOST,
  FWRITELN: HOST,
  FREAD: HOST,
  FREADLN: HOST,
  FCLOSE: HOST,
  FILES: HOST,
  DIRECTORY: HOST,
  INFO: HOST,
  'GET.WORKSPACE': HOST,
  'GET.CELL': HOST,
  'GET.DOCUMENT': HOST,
}

/** Swedish names that mean the same functions (Excel and HyperFormula sv-SE). */
const SWEDISH_ALIASES: Readonly<Record<string, string>> = {
  'HYPERLÄNK': 'HYPERLINK',
  'WEBBTJÄNST': 'WEBSERVICE',
  'FILTRERAXML': 'FILTERXML',
  'KODAWEBBADRESS': 'ENCODEURL',
  'BILD': 'IMAGE',
  'AKTIEHISTORIK': 'STOCKHISTORY',
  'ÖVERSÄTT': 'TRANSLATE',
  'IDENTIFIERASPRÅK': 'DETECTLANGUAGE',
}

/** Index just past a quoted run starting at `i` (`"..."` or `'...'`, doubled quotes escape). */
export function skipQuoted(text: string, i: number): number {
  const quote = text[i]
  let j = i + 1
  while (j < text.length) {
    if (text[j] === quote) {
      if (text[j + 1] === quote) j += 2
      else return j + 1
    } else j++
  }
  return j
}

/** Index just past the `]` that closes the `[` at `i` (structured references nest). */
function skipBrackets(text: string, i: number): number {
  let depth = 0
  for (let j = i; j < text.length; j++) {
    if (text[j] === '[') depth++
    else if (text[j] === ']' && --depth === 0) return j + 1
  }
  return text.length
}

const IDENT_CHAR = /[A-Za-z0-9_.\u00c0-\u024f]/

/**
 * The first construct of `formula` (with or without the leading `=`) that reaches outside the
 * workbook, or null. It scans tokens, skipping text in double quotes, so `"a|b"` or
 * `"http://…"` as plain text is fine:
 * - `[1]Blad!A1`, `[Bok.xlsx]Blad!A1`, `'C:\väg\[Bok.xlsx]Blad'!A1`, `'file:///…'#$Blad.A1`:
 *   a bracket that does not follow a name (a table's `Tabell[Kolumn]` does), or a quoted name
 *   holding a path (Excel sheet names cannot contain `[ ] : / \`), or ODF's `'…'#`;
 * - `cmd|' /C calc'!A0`: any `|` outside a string is a DDE application|topic;
 * - web, host and native-code functions (UNSAFE_FUNCTIONS), and any `_xll.` add-in or `_xludf.`
 *   user-defined function.
 */
export function findUnsafeFormula(formula: string): UnsafeFormula | null {
  const text = formula.startsWith('=') ? formula.slice(1) : formula
  for (let i = 0; i < text.length; ) {
    const ch = text[i]!
    if (ch === '"') {
      i = skipQuoted(text, i)
      continue
    }
    if (ch === "'") {
      const end = skipQuoted(text, i)
      const name = text.slice(i + 1, end - 1)
      if (name.includes('|')) return dde()
      if (/[[\]\\/:]/.test(name) || text[end] === '#') return external()
      i = end
      continue
    }
    if (ch === '|') return dde()
    if (ch === '[') {
      if (i > 0 && /[A-Za-z0-9_.\]]/.test(text[i - 1]!)) {
        // A table's structured reference (Tabell1[Kolumn], Tabell1[[#Rader],[Kolumn]]).
        i = skipBrackets(text, i)
        continue
      }
      return external()
    }
    const ident = /^[A-Za-z_\u00c0-\u024f][A-Za-z0-9_.\u00c0-\u024f]*/.exec(text.slice(i))
    if (ident && (i === 0 || !IDENT_CHAR.test(text[i - 1]!))) {
      const word = ident[0]
      const after = i + word.length
      const upper = word.toLocaleUpperCase('sv-SE')
      if (upper.startsWith('_XLL.') || upper.startsWith('_XLUDF.')) {
        return { kind: 'function', name: word, reason: PROGRAM }
      }
      if (text[after] === '(') {
        const bare = upper.replace(/^_XLFN\.(_XLWS\.)?|^_XLWS\./, '')
        const canonical = SWEDISH_ALIASES[bare] ?? bare
        const reason = UNSAFE_FUNCTIONS[canonical]
        if (reason) return { kind: 'function', name: canonical, reason }
      }
      i = after
      continue
    }
    i++
  }
  return null
}

function dde(): UnsafeFormula {
  return { kind: 'dde', reason: 'startar ett annat program (DDE)' }
}

function external(): UnsafeFormula {
  return { kind: 'external-reference', reason: 'hämtar värden från en annan arbetsbok eller fil (extern länk)' }
}

/** What a user reads in the cell's note after the formula was set aside. */
export function unsafeFormulaNote(formula: string, unsafe: UnsafeFormula, keptValue: boolean, when: 'import' | 'export'): string {
  const shown = formula.startsWith('=') ? formula : `=${formula}`
  const clipped = shown.length > 200 ? `${shown.slice(0, 199)}…` : shown
  const subject = unsafe.kind === 'function' ? `funktionen ${unsafe.name}` : 'den'
  const action = when === 'import' ? 'togs bort vid importen' : 'skrevs inte ut som formel'
  const kept =
    when === 'export'
      ? 'Värdet som Samplan räknat fram är inskrivet i stället.'
      : keptValue
        ? 'Cellen har värdet som fanns sparat i filen.'
        : 'Filen hade inget sparat värde, så formeln är sparad som text.'
  return `Formeln ${clipped} ${action} eftersom ${subject} ${unsafe.reason}. ${kept}`
}
