export interface NoticeAction {
  label: string
  onClick: () => void
  /** Accessible name when the label is a symbol (×). */
  ariaLabel?: string
}

export interface NoticeContent {
  text: string
  /** A second line, e.g. what the user typed. */
  detail?: { label: string; value: string }
  actions?: NoticeAction[]
  /** A × in the corner, named `label` for screen readers. */
  close?: { label: string; onClick: () => void }
}

/**
 * A small message anchored to a grid cell, where the user is looking: to the right of the cell
 * (the cell itself and the one below, where Enter moves, stay visible), else below or above it,
 * kept inside the window. Clicks go through its text to the cells it covers (app.css). One live region per kind of notice,
 * created once, so screen readers announce each new message.
 *
 * Mouse presses inside the notice stop at it: Handsontable treats a press outside the grid as
 * "commit the open editor", and the buttons here must act before anything is committed.
 */
export class GridNotice {
  readonly element: HTMLDivElement
  private anchor: (() => HTMLElement | null) | null = null

  constructor(host: HTMLElement, testId: string, role: 'status' | 'alert') {
    const el = document.createElement('div')
    el.className = `sp-grid-notice sp-grid-notice-${testId}`
    el.setAttribute('role', role)
    el.setAttribute('aria-live', role === 'alert' ? 'assertive' : 'polite')
    el.dataset.testid = testId
    el.hidden = true
    for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup'] as const) {
      el.addEventListener(type, (event) => {
        event.stopPropagation()
        // Keep the focus where it is (the grid or the open editor): a button still gets its click.
        if (type === 'mousedown') event.preventDefault()
      })
    }
    host.appendChild(el)
    this.element = el
  }

  get visible(): boolean {
    return !this.element.hidden
  }

  show(anchor: () => HTMLElement | null, content: NoticeContent): void {
    this.anchor = anchor
    const el = this.element
    el.replaceChildren()
    if (content.close) {
      const close = content.close
      const button = document.createElement('button')
      button.type = 'button'
      button.className = 'sp-grid-notice-close'
      button.textContent = '×'
      button.setAttribute('aria-label', close.label)
      button.addEventListener('click', () => close.onClick())
      el.appendChild(button)
    }
    const text = document.createElement('p')
    text.className = 'sp-grid-notice-text'
    text.textContent = content.text
    el.appendChild(text)
    if (content.detail) {
      const detail = document.createElement('p')
      detail.className = 'sp-grid-notice-detail'
      const label = document.createElement('span')
      label.textContent = `${content.detail.label} `
      const value = document.createElement('code')
      value.textContent = content.detail.value
      detail.append(label, value)
      el.appendChild(detail)
    }
    if (content.actions?.length) {
      const actions = document.createElement('div')
      actions.className = 'sp-grid-notice-actions'
      for (const action of content.actions) {
        const button = document.createElement('button')
        button.type = 'button'
        button.textContent = action.label
        if (action.ariaLabel) button.setAttribute('aria-label', action.ariaLabel)
        button.addEventListener('click', () => action.onClick())
        actions.appendChild(button)
      }
      el.appendChild(actions)
    }
    el.hidden = false
    this.reposition()
  }

  hide(): void {
    this.anchor = null
    this.element.hidden = true
  }

  /** Follows the anchor cell (after a render or scroll); stays put while the cell is out of view. */
  reposition(): void {
    if (this.element.hidden || !this.anchor) return
    const cell = this.anchor()
    if (!cell?.isConnected) return
    const rect = cell.getBoundingClientRect()
    const el = this.element
    const margin = 8
    const gap = 4
    const { width, height } = el.getBoundingClientRect()
    let left: number
    let top: number
    if (rect.right + gap + width <= window.innerWidth - margin) {
      left = rect.right + gap
      top = Math.min(rect.top, window.innerHeight - height - margin)
    } else {
      left = Math.max(margin, Math.min(rect.left, window.innerWidth - width - margin))
      top = rect.bottom + gap
      if (top + height > window.innerHeight - margin) top = rect.top - height - gap
    }
    el.style.top = `${Math.round(Math.max(margin, top))}px`
    el.style.left = `${Math.round(left)}px`
  }

  destroy(): void {
    this.element.remove()
  }
}

/** Puts text on the clipboard; falls back to a selected textarea where the async API is refused. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text)
    return
  } catch {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const area = document.createElement('textarea')
    area.value = text
    area.style.position = 'fixed'
    area.style.opacity = '0'
    document.body.appendChild(area)
    area.select()
    document.execCommand('copy')
    area.remove()
    previous?.focus()
  }
}
