import type { Api } from '@samplan/domain'
import type { Messages, UiLocale } from '../i18n'

interface Props {
  t: Messages
  locale: UiLocale
  versions: readonly Api.VersionRecord[]
  onCompare: (version: Api.VersionRecord) => void
  /** Offered to those who may restore (an admin, before beslutad). */
  onRestore: ((version: Api.VersionRecord) => void) | null
}

/** The saved versions, oldest first: name, when and by whom, compare with now and restore. */
export function VersionTable({ t, locale, versions, onCompare, onRestore }: Props) {
  const when = (iso: string) => new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'short', timeStyle: 'short' })
  return (
    <table className="sp-table">
      <tbody>
        {versions.map((v) => (
          <tr key={v.id}>
            <td>{v.name}</td>
            <td className="sp-muted">
              {when(v.createdAt)} · {v.createdByName ?? '—'}
            </td>
            <td>
              <button type="button" onClick={() => onCompare(v)}>
                {t.compare}
              </button>
              {onRestore && (
                <button type="button" onClick={() => onRestore(v)}>
                  {t.restore}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
