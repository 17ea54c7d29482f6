import { formulaToStored, POSITIONAL_CONTEXT } from './convert'
import { booleanLiteral, errorLiteral, functionNameToLocale, type FormulaLocale } from './function-names'
import { tokenize, type Token } from './tokens'

/** Why a formula cannot be read (SPEC F13). */
export type FormulaSyntaxCode =
  | 'empty'
  | 'unclosed-paren'
  | 'extra-paren'
  | 'unclosed-brace'
  | 'unclosed-string'
  | 'quote-in-text'
  | 'space-before-paren'
  | 'separator'
  | 'ends-early'
  | 'unexpected'

/** Result of checkFormulaSyntax: ok, or a Swedish (and English) message for the person typing. */
export type FormulaSyntaxCheck =
  | { ok: true }
  | { ok: false; code: FormulaSyntaxCode; message: string; messageEn: string; /** the piece of the formula it stopped at, in the locale */ at: string }

const BINARY = new Set(['+', '-', '*', '/', '^', '&', '=', '<', '>', '<=', '>=', '<>'])
const R1C1 = /^R[0-9]+C[0-9]+$/i
const COLUMN_LETTERS = /^[A-Za-z]{1,3}$/
const ROW_DIGITS = /^[0-9]{1,7}$/

class SyntaxFailure {
  constructor(
    readonly code: FormulaSyntaxCode,
    readonly token: Token | undefined,
  ) {}
}

/**
 * Recursive descent over canonical English tokens, accepting what HyperFormula 3.5's
 * parser accepts (checked against it in @samplan/formulas): binary and unary
 * operators, one postfix `%`, function calls with empty arguments, parentheses,
 * cell and range references, whole-column and whole-row ranges, array literals.
 */
class Parser {
  private i = 0
  private last: Token | undefined

  constructor(private readonly toks: Token[]) {}

  private peek(): Token | undefined {
    return this.toks[this.i]
  }

  private take(): Token {
    const tok = this.toks[this.i++]!
    this.last = tok
    return tok
  }

  private is(tok: Token | undefined, t: Token['t'], text?: string): boolean {
    return tok !== undefined && tok.t === t && (text === undefined || tok.text === text)
  }

  private fail(code: FormulaSyntaxCode, tok?: Token): never {
    throw new SyntaxFailure(code, tok)
  }

  /** Fails for a missing operand: at the end, or at whatever stands where one should be. */
  private missing(): never {
    const tok = this.peek()
    if (tok === undefined) this.fail('ends-early', this.last)
    if (this.is(tok, 'op', ')') && this.open === 0) this.fail('extra-paren', tok)
    // `SUMMA(B2+)`, `OM(A1;;)` after an operator: the operand before `)` or `;` is missing.
    if ((this.is(tok, 'op', ')') || tok.t === 'sep') && this.last !== undefined) this.fail('ends-early', this.last)
    this.fail('unexpected', tok)
  }

  /** Depth of open parentheses and function calls. */
  private open = 0

  formula(): void {
    if (this.toks.length === 0) this.fail('empty')
    this.expression()
    const tok = this.peek()
    if (tok === undefined) return
    if (this.is(tok, 'op', ')')) this.fail('extra-paren', tok)
    this.fail('unexpected', tok)
  }

  private expression(): void {
    this.unary()
    for (;;) {
      const tok = this.peek()
      if (tok && tok.t === 'op' && BINARY.has(tok.text)) {
        this.take()
        this.unary()
        continue
      }
      return
    }
  }

  private unary(): void {
    while (this.is(this.peek(), 'op', '+') || this.is(this.peek(), 'op', '-')) this.take()
    this.primary()
    if (this.is(this.peek(), 'op', '%')) this.take()
  }

  /** `[$]B`, `[$]12`: one end of a whole-column or whole-row range. */
  private linePart(): 'cols' | 'rows' | undefined {
    let j = this.i
    if (this.is(this.toks[j], 'other', '$')) j++
    const tok = this.toks[j]
    if (this.is(tok, 'ident') && COLUMN_LETTERS.test(tok!.text)) return 'cols'
    if (this.is(tok, 'number') && ROW_DIGITS.test(tok!.text)) return 'rows'
    return undefined
  }

  /** `B:D`, `$2:$5` at the cursor, when there is one. */
  private lineRange(): boolean {
    const start = this.i
    const axis = this.linePart()
    if (!axis) return false
    if (this.is(this.peek(), 'other', '$')) this.take()
    this.take()
    if (!this.is(this.peek(), 'op', ':')) {
      this.i = start
      return false
    }
    this.take()
    if (this.linePart() !== axis) {
      if (this.peek() === undefined) this.fail('ends-early', this.last)
      this.fail('unexpected', this.peek())
    }
    if (this.is(this.peek(), 'other', '$')) this.take()
    this.take()
    return true
  }

  private primary(): void {
    const tok = this.peek()
    if (tok === undefined) this.missing()
    if (this.lineRange()) return
    switch (tok.t) {
      case 'number':
        this.take()
        // `5.` is a number to HyperFormula; the tokenizer leaves the point on its own.
        if (this.is(this.peek(), 'other', '.')) this.take()
        return
      case 'string':
        this.take()
        if (tok.text.length < 2 || !tok.text.endsWith('"')) this.fail('unclosed-string', tok)
        if (tok.text.slice(1, -1).includes('"')) this.fail('quote-in-text', tok)
        return
      case 'error':
        this.take()
        return
      case 'ref':
        this.take()
        // `Volym!A1:Volym!B2`: two single-cell references joined by the range operator.
        if (tok.b === null && this.is(this.peek(), 'op', ':')) {
          this.take()
          const next = this.peek()
          if (next === undefined) this.fail('ends-early', this.last)
          if (next.t !== 'ref' || next.b !== null) this.fail('unexpected', next)
          this.take()
        }
        return
      case 'func':
        this.take()
        this.call()
        return
      case 'ident':
        this.take()
        if (R1C1.test(tok.text)) this.fail('unexpected', tok)
        if (this.is(this.peek(), 'other', '!')) return this.sheetQualified()
        return
      case 'other':
        // `'Volym egen regi'!B:B`: a quoted sheet name before a whole-column or whole-row range.
        if (tok.text.startsWith("'") && tok.text.length > 1 && tok.text.endsWith("'") && this.is(this.toks[this.i + 1], 'other', '!')) {
          this.take()
          return this.sheetQualified()
        }
        return this.fail('unexpected', tok)
      case 'op':
        if (tok.text === '(') {
          this.take()
          this.open++
          if (this.is(this.peek(), 'op', ')')) this.fail('unexpected', this.peek())
          this.expression()
          this.close()
          return
        }
        if (tok.text === '{') return this.array()
        return this.missing()
      default:
        return this.missing()
    }
  }

  private sheetQualified(): void {
    this.take() // '!'
    if (this.lineRange()) return
    if (this.peek() === undefined) this.fail('ends-early', this.last)
    this.fail('unexpected', this.peek())
  }

  private close(): void {
    const tok = this.peek()
    if (tok === undefined) this.fail('unclosed-paren', this.last)
    if (!this.is(tok, 'op', ')')) this.fail('unexpected', tok)
    this.take()
    this.open--
  }

  private call(): void {
    // The tokenizer makes a `func` only when `(` follows at once.
    this.take() // '('
    this.open++
    if (this.is(this.peek(), 'op', ')')) {
      this.take()
      this.open--
      return
    }
    for (;;) {
      const tok = this.peek()
      if (tok === undefined) this.fail('unclosed-paren', this.last)
      // An empty argument (`IF(A1,,2)`, `SUM(A1,)`) is allowed, as in HyperFormula.
      if (!(tok.t === 'sep' || this.is(tok, 'op', ')'))) {
        if (this.is(tok, 'op', ';')) this.fail('separator', tok)
        this.expression()
      }
      const after = this.peek()
      if (after === undefined) this.fail('unclosed-paren', this.last)
      if (after.t === 'sep') {
        this.take()
        continue
      }
      if (this.is(after, 'op', ';')) this.fail('separator', after)
      if (this.is(after, 'op', ')')) {
        this.take()
        this.open--
        return
      }
      this.fail('unexpected', after)
    }
  }

  /** `{1,2;3,4}`: HyperFormula checks the elements; here only that the brace closes. */
  private array(): void {
    this.take()
    let depth = 1
    while (depth > 0) {
      const tok = this.peek()
      if (tok === undefined) this.fail('unclosed-brace', this.last)
      this.take()
      if (this.is(tok, 'op', '{')) depth++
      else if (this.is(tok, 'op', '}')) depth--
    }
  }
}

/** A canonical token as the person typed it in `locale`, for messages. */
function shownToken(tok: Token | undefined, locale: FormulaLocale): string {
  if (tok === undefined) return ''
  switch (tok.t) {
    case 'sep':
      return locale === 'sv-SE' ? ';' : ','
    case 'number':
      return locale === 'sv-SE' ? tok.text.replace('.', ',') : tok.text
    case 'func':
      return functionNameToLocale(tok.text, locale)
    case 'ident': {
      const upper = tok.text.toUpperCase()
      return upper === 'TRUE' || upper === 'FALSE' ? booleanLiteral(upper === 'TRUE', locale) : tok.text
    }
    case 'error':
      return errorLiteral(tok.type, locale)
    default:
      return tok.text
  }
}

function messages(code: FormulaSyntaxCode, at: string, locale: FormulaLocale): { message: string; messageEn: string } {
  const sep = locale === 'sv-SE' ? ';' : ','
  const lead = 'Formeln kan inte tolkas'
  const leadEn = 'The formula cannot be read'
  switch (code) {
    case 'empty':
      return { message: 'Formeln är tom: skriv något efter =.', messageEn: 'The formula is empty: type something after =.' }
    case 'unclosed-paren':
      return { message: `${lead}: en avslutande parentes ) saknas.`, messageEn: `${leadEn}: a closing parenthesis ) is missing.` }
    case 'extra-paren':
      return { message: `${lead}: en avslutande parentes ) för mycket.`, messageEn: `${leadEn}: one closing parenthesis ) too many.` }
    case 'unclosed-brace':
      return { message: `${lead}: en avslutande klammer } saknas.`, messageEn: `${leadEn}: a closing brace } is missing.` }
    case 'unclosed-string':
      return { message: `${lead}: en text saknar avslutande citattecken (").`, messageEn: `${leadEn}: a text is missing its closing quote (").` }
    case 'quote-in-text':
      return {
        message: `${lead}: citattecken inuti en text stöds inte, använd TECKENKOD(34).`,
        messageEn: `${leadEn}: quotes inside a text are not supported, use CHAR(34).`,
      }
    case 'space-before-paren':
      return {
        message: `${lead}: ta bort mellanslaget mellan ${at} och (.`,
        messageEn: `${leadEn}: remove the space between ${at} and (.`,
      }
    case 'separator':
      return {
        message: `${lead} vid "${at}": skilj argumenten åt med ${sep}`,
        messageEn: `${leadEn} at "${at}": separate the arguments with ${sep}`,
      }
    case 'ends-early':
      return { message: `${lead}: något saknas efter "${at}".`, messageEn: `${leadEn}: something is missing after "${at}".` }
    case 'unexpected':
      return { message: `${lead} vid "${at}".`, messageEn: `${leadEn} at "${at}".` }
  }
}

/**
 * Whether formula text typed in `locale` can be read, checked before it is stored
 * (SPEC F13): the text is converted as `parseUserInput` would store it (canonical
 * English, F1) and parsed as HyperFormula parses it. Text not starting with `=`
 * (or `=` alone, which is text) is no formula and always ok. A formula that cannot
 * be read gets a Swedish message (and an English one) naming where it stops:
 * `=SUMMA(B2:` → `Formeln kan inte tolkas: något saknas efter ":".` Unknown function
 * names are not syntax errors (they compute to `#NAMN?`, as in Excel). Pure; never throws.
 */
export function checkFormulaSyntax(text: string, locale: FormulaLocale): FormulaSyntaxCheck {
  if (!text.startsWith('=') || text.length < 2) return { ok: true }
  const canonical = formulaToStored(text.slice(1), locale, POSITIONAL_CONTEXT)
  const tokens = tokenize(canonical, 'en').filter((t) => t.t !== 'ws')
  try {
    new Parser(tokens).formula()
    return { ok: true }
  } catch (err) {
    if (!(err instanceof SyntaxFailure)) throw err
    let code = err.code
    let at = shownToken(err.token, locale)
    // `SUMMA (B2)`: a function name, a space, then `(`.
    const index = err.token ? tokens.indexOf(err.token) : -1
    const before = index > 0 ? tokens[index - 1] : undefined
    if (code === 'unexpected' && err.token?.t === 'op' && err.token.text === '(' && before?.t === 'ident') {
      code = 'space-before-paren'
      at = functionNameToLocale(before.text, locale)
    }
    return { ok: false, code, at, ...messages(code, at, locale) }
  }
}
