/** One entry of a menu: an action, optionally a checked state (a radio or a checkbox entry), and the shortcut that does the same. */
export interface MenuAction {
  kind: 'action'
  id: string
  label: string
  /** Shown beside the entry, as the keyboard reads it (`Ctrl+Z`). */
  shortcut?: string
  /** `radio` entries pick one of several (the language); `checkbox` entries toggle (a panel). */
  check?: { type: 'radio' | 'checkbox'; checked: boolean }
  run: () => void
}

export interface MenuSeparator {
  kind: 'separator'
  id: string
}

export type MenuEntry = MenuAction | MenuSeparator

export interface Menu {
  id: string
  label: string
  entries: MenuEntry[]
}

/** The ARIA name of a shortcut as `aria-keyshortcuts` spells it (`Ctrl+Z` -> `Control+Z`). */
export function ariaShortcut(shortcut: string): string {
  return shortcut.replace(/\bCtrl\b/g, 'Control')
}

/** The index of the next action from `from` in direction `step`, skipping separators, wrapping around; -1 when there is none. */
export function nextActionIndex(entries: readonly MenuEntry[], from: number, step: 1 | -1): number {
  const n = entries.length
  for (let i = 1; i <= n; i++) {
    const at = (((from + step * i) % n) + n) % n
    if (entries[at]?.kind === 'action') return at
  }
  return -1
}

/** Menus without actions are left out, and so are separators at either end or next to another. */
export function withoutEmpty(menus: readonly Menu[]): Menu[] {
  return menus.flatMap((menu) => {
    const entries = menu.entries.filter(
      (entry, i, all) =>
        entry.kind === 'action' ||
        (i > 0 &&
          all.slice(0, i).some((e) => e.kind === 'action') &&
          all.slice(i + 1).some((e) => e.kind === 'action') &&
          all[i - 1]?.kind !== 'separator'),
    )
    return entries.some((e) => e.kind === 'action') ? [{ ...menu, entries }] : []
  })
}
