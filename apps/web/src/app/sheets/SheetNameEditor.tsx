import { useEffect, useRef, useState, type KeyboardEvent } from 'react'

interface Props {
  name: string
  label: string
  /** Id of the element that says why a name was refused. */
  describedBy?: string
  invalid: boolean
  /** Stores the name; returns false when it was refused (the caller shows why). */
  onCommit: (name: string) => boolean
  onCancel: () => void
}

/**
 * Renames a tab in place, as in Excel: the name is selected, Enter stores it, Escape keeps the
 * old one; leaving the field stores a changed name (a refused one is dropped, the reason stays).
 */
export function SheetNameEditor({ name, label, describedBy, invalid, onCommit, onCancel }: Props) {
  const input = useRef<HTMLInputElement>(null)
  const [text, setText] = useState(name)
  const done = useRef(false)

  useEffect(() => {
    input.current?.focus()
    input.current?.select()
  }, [])

  const finish = (commit: boolean) => {
    if (done.current) return
    if (!commit || text === name) {
      done.current = true
      onCancel()
      return
    }
    if (onCommit(text)) done.current = true
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // Keys typed into the name are the name's: no grid or tab shortcut sees them.
    event.stopPropagation()
    if (event.key === 'Enter') {
      event.preventDefault()
      finish(true)
    } else if (event.key === 'Escape') {
      event.preventDefault()
      finish(false)
    }
  }

  const onBlur = () => {
    if (done.current) return
    if (text === name || !onCommit(text)) onCancel()
    done.current = true
  }

  return (
    <input
      ref={input}
      className="sp-sheettab-editor"
      aria-label={label}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      value={text}
      size={Math.max(6, text.length + 1)}
      onChange={(event) => setText(event.target.value)}
      onKeyDown={onKeyDown}
      onBlur={onBlur}
    />
  )
}
