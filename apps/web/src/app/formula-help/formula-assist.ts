import type { FormulaLocale } from '@samplan/domain'
import { argumentHint, formulaContext, functionSuggestions, type FunctionSuggestion } from './formula-context'
import { cycleReference, type EditedText } from './reference-text'
import './formula-help.css'

/** A text field a formula is typed into: the grid's cell editor or the formula bar. */
export type FormulaField = HTMLInputElement | HTMLTextAreaElement

export interface FormulaAssistLabels {
  /** Accessible name of the list of functions. */
  functions: string
}

/** How a field tells that its edit ended while it kept the focus (the grid's editor does). */
export interface FormulaAssistOptions {
  closed?: () => boolean
}

/**
 * Puts text into a field as if typed: the `input` event lets React (the formula bar) and
 * Handsontable (the editor's size) see it; the caret goes to `caret`.
 */
export function setFieldText(field: FormulaField, text: string, caret: number): void {
  // React tracks the value through the prototype's setter; assigning `field.value` would be lost.
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), 'value')?.set
  if (setter) setter.call(field, text)
  else field.value = text
  field.dispatchEvent(new Event('input', { bubbles: true }))
  field.setSelectionRange(caret, caret)
}

/** Writes an edit into the field with the caret after the edited span. */
export function applyEdit(field: FormulaField, edit: EditedText): void {
  setFieldText(field, edit.text, edit.end)
}

let nextId = 0

/**
 * Formula help on a text field, as in Excel: while the text is a formula, the letters of a
 * function name list the matching functions with a one-line description (ArrowUp/Down choose,
 * Tab or Enter inserts `NAMN(`, Esc closes the list); inside a call the signature shows with the
 * current argument bold; F4 cycles `$` on the reference at the caret. Keys it uses never reach
 * the grid or the field's own handlers.
 */
export class FormulaAssist {
  private readonly box: HTMLDivElement
  private readonly list: HTMLUListElement
  private readonly hint: HTMLDivElement
  private suggestions: FunctionSuggestion[] = []
  private active = 0
  private wordStart = 0
  /** Esc closed the list: it stays closed until the name changes. */
  private dismissed: string | null = null
  private readonly id = `sp-formula-help-${++nextId}`
  private readonly stops: Array<() => void> = []
  private watch = 0

  constructor(
    private readonly field: FormulaField,
    private readonly locale: FormulaLocale,
    labels: () => FormulaAssistLabels,
    private readonly options: FormulaAssistOptions = {},
  ) {
    this.box = document.createElement('div')
    this.box.className = 'sp-formula-help'
    this.box.hidden = true
    this.list = document.createElement('ul')
    this.list.id = this.id
    this.list.setAttribute('role', 'listbox')
    this.list.dataset.testid = 'formula-suggestions'
    this.hint = document.createElement('div')
    this.hint.className = 'sp-formula-hint'
    this.hint.dataset.testid = 'formula-hint'
    this.box.append(this.list, this.hint)
    document.body.append(this.box)
    this.list.setAttribute('aria-label', labels().functions)
    field.setAttribute('aria-autocomplete', 'list')

    this.listen('input', () => this.update())
    this.listen('click', () => this.update())
    this.listen('keyup', (event) => {
      if (
        event instanceof KeyboardEvent &&
        (event.key === 'ArrowLeft' || event.key === 'ArrowRight' || event.key === 'Home' || event.key === 'End')
      )
        this.update()
    })
    this.listen('blur', () => this.hide())
    // Capture at the field: before any handler of the field's own, and the grid never sees the key.
    this.listen('keydown', (event) => {
      if (event instanceof KeyboardEvent && this.onKey(event)) {
        event.preventDefault()
        event.stopImmediatePropagation()
      }
    })
    // A press on a suggestion must not take the focus from the field.
    const onPress = (event: MouseEvent) => {
      event.preventDefault()
      const item = event.target instanceof Element ? event.target.closest('li') : null
      const index = item ? [...this.list.children].indexOf(item) : -1
      if (index >= 0) this.accept(index)
    }
    this.box.addEventListener('mousedown', onPress)
    this.stops.push(() => this.box.removeEventListener('mousedown', onPress))
  }

  private listen(type: string, handler: (event: Event) => void): void {
    this.field.addEventListener(type, handler, true)
    this.stops.push(() => this.field.removeEventListener(type, handler, true))
  }

  /** Whether the list of functions is shown. */
  get listOpen(): boolean {
    return !this.box.hidden && this.suggestions.length > 0
  }

  /** Reads the field again and shows what fits the caret (nothing outside a formula). */
  update(): void {
    const caret = this.field.selectionStart ?? this.field.value.length
    const context = document.activeElement === this.field ? formulaContext(this.field.value, caret, this.locale) : null
    if (!context) return this.hide()
    const word = context.word
    if (this.dismissed !== null && this.dismissed !== word?.text) this.dismissed = null
    this.suggestions = word && this.dismissed === null ? functionSuggestions(word.text, this.locale) : []
    this.wordStart = word?.start ?? 0
    this.active = 0
    const hint = !this.suggestions.length && context.call ? argumentHint(context.call, this.locale) : null
    this.renderList()
    this.hint.replaceChildren(
      ...(hint ?? []).map((part) => {
        const span = document.createElement(part.current ? 'strong' : 'span')
        span.textContent = part.text
        return span
      }),
    )
    this.hint.hidden = !hint
    this.box.hidden = !this.suggestions.length && !hint
    if (!this.box.hidden) {
      this.place()
      this.watchClose()
    }
  }

  /** The grid's editor closes without a blur or an event of its own: look once a frame while the help shows. */
  private watchClose(): void {
    const closed = this.options.closed
    if (!closed || this.watch) return
    const check = () => {
      this.watch = 0
      if (this.box.hidden) return
      if (closed()) this.hide()
      else this.watch = requestAnimationFrame(check)
    }
    this.watch = requestAnimationFrame(check)
  }

  private renderList(): void {
    this.list.hidden = !this.suggestions.length
    this.list.replaceChildren(
      ...this.suggestions.map((s, i) => {
        const item = document.createElement('li')
        item.id = `${this.id}-${i}`
        item.setAttribute('role', 'option')
        item.setAttribute('aria-selected', String(i === this.active))
        item.dataset.function = s.name
        const name = document.createElement('span')
        name.className = 'sp-formula-help-name'
        name.textContent = s.name
        const description = document.createElement('span')
        description.className = 'sp-formula-help-description'
        description.textContent = s.description
        item.append(name, description)
        return item
      }),
    )
    if (this.suggestions.length) {
      this.field.setAttribute('aria-controls', this.id)
      this.field.setAttribute('aria-activedescendant', `${this.id}-${this.active}`)
    } else this.field.removeAttribute('aria-activedescendant')
  }

  /** Below the field, in the viewport's coordinates (the grid's editor moves with the cell). */
  private place(): void {
    const rect = this.field.getBoundingClientRect()
    this.box.style.left = `${Math.round(rect.left)}px`
    this.box.style.top = `${Math.round(rect.bottom + 2)}px`
  }

  private onKey(event: KeyboardEvent): boolean {
    // A read-only bar (läsare, a locked cell) is not changed; the grid says why.
    if (this.field.readOnly) return false
    if (event.key === 'F4' && !event.ctrlKey && !event.altKey && !event.metaKey) return this.cycleDollars()
    if (!this.listOpen) return false
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        const step = event.key === 'ArrowDown' ? 1 : -1
        this.active = (this.active + step + this.suggestions.length) % this.suggestions.length
        this.renderList()
        return true
      }
      case 'Tab':
      case 'Enter':
        if (event.shiftKey) return false
        this.accept(this.active)
        return true
      case 'Escape':
        this.dismissed = this.field.value.slice(this.wordStart, this.field.selectionStart ?? undefined)
        this.update()
        return true
      default:
        return false
    }
  }

  /** Writes `NAMN(` over the typed letters. */
  private accept(index: number): void {
    const chosen = this.suggestions[index]
    if (!chosen) return
    const caret = this.field.selectionStart ?? this.field.value.length
    const text = this.field.value
    const insert = `${chosen.name}(`
    setFieldText(this.field, text.slice(0, this.wordStart) + insert + text.slice(caret), this.wordStart + insert.length)
    this.update()
  }

  private cycleDollars(): boolean {
    const edit = cycleReference(this.field.value, this.field.selectionStart ?? this.field.value.length)
    if (!edit) return false
    applyEdit(this.field, edit)
    this.update()
    return true
  }

  hide(): void {
    this.box.hidden = true
    this.suggestions = []
    this.field.removeAttribute('aria-activedescendant')
  }

  destroy(): void {
    cancelAnimationFrame(this.watch)
    for (const stop of this.stops.splice(0)) stop()
    this.box.remove()
  }
}
