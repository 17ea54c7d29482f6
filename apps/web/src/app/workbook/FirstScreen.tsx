import type { Api } from '@samplan/domain'
import { type KeyboardEvent, useEffect, useMemo, useState } from 'react'
import { firstScreenTable } from '../../engine/first-screen'
import type { Messages, UiLocale } from '../i18n'

interface Props {
  screen: Api.FirstScreen
  /** The live grid has been built: this hides itself once that grid is drawn (the next frame). */
  live: boolean
  locale: UiLocale
  t: Messages
  /** Called once the first screen has been drawn (a frame, then a task). */
  onShown: () => void
}

/** Keys that would edit a cell of the grid: typing, Enter or F2 to open the editor, deleting, pasting. */
function editsCell(event: KeyboardEvent): boolean {
  if (event.key === 'Enter' || event.key === 'F2' || event.key === 'Delete' || event.key === 'Backspace') return true
  if ((event.ctrlKey || event.metaKey) && (event.key === 'v' || event.key === 'x')) return true
  return event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey
}

/**
 * The first sheet's first screen as the server sent it, drawn over the grid's place while the workbook's document
 * arrives and is decoded (formulas SPEC FM15). Nothing can be selected or edited yet: a click, a double click or an
 * editing key says why, in a live region.
 */
export function FirstScreen({ screen, live, locale, t, onShown }: Props) {
  const table = useMemo(() => firstScreenTable(screen, locale), [screen, locale])
  const [gone, setGone] = useState(false)
  const [explained, setExplained] = useState(false)

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(onShown, 0)
    })
    return () => {
      cancelAnimationFrame(frame)
      if (timer) clearTimeout(timer)
    }
  }, [onShown])

  useEffect(() => {
    if (!live) return
    // The live grid is built by the parent's effect, after this one and in the same task: gone at the next frame.
    const frame = requestAnimationFrame(() => setGone(true))
    return () => cancelAnimationFrame(frame)
  }, [live])

  if (gone) return null
  const explain = () => setExplained(true)
  return (
    <section
      // Once the live grid is built beneath, clicks and keys go to it; this stays only to be seen until it is drawn.
      className={live ? 'sp-first-screen sp-first-screen-leaving' : 'sp-first-screen'}
      data-first-screen={table.sheetId}
      aria-label={t.firstScreen.label}
      // Focusable, so keys typed at it are heard and answered.
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the read-only grid answers keys with why it cannot edit yet
      tabIndex={0}
      onMouseDown={explain}
      onDoubleClick={explain}
      onPaste={explain}
      onKeyDown={(event) => {
        if (editsCell(event)) {
          event.preventDefault()
          explain()
        }
      }}
    >
      <p className="sp-first-screen-notice" role="status" hidden={!explained}>
        {explained ? t.firstScreen.stillLoading : ''}
      </p>
      <table>
        <colgroup>
          <col className="sp-first-screen-rowhead" />
          {table.widths.map((width, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: columns are positions here
            <col key={i} style={{ width }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            <th />
            {table.headers.map((header, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are positions here
              <th key={i} scope="col">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.label} className={row.frozen ? 'sp-first-screen-frozen' : undefined}>
              <th scope="row">{row.label}</th>
              {row.cells.map((cell) => (
                <td
                  key={cell.address}
                  data-cell={cell.address}
                  className={cell.classes.join(' ')}
                  title={cell.title || undefined}
                  colSpan={cell.colSpan}
                >
                  {cell.text}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
