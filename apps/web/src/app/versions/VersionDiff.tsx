import { formatRecordedInput, type Api } from '@samplan/domain'
import type { Messages, UiLocale } from '../i18n'

type Difference = Api.CompareResponse['differences'][number]

/** The cells that differ between a version and now, from -> to. */
export function VersionDiff({ t, locale, versionName, rows }: { t: Messages; locale: UiLocale; versionName: string; rows: readonly Difference[] }) {
  // As the grid shows the figure: the column's format, hyphen-minus, formulas in the locale (domain SPEC V8).
  const show = (v: Api.RecordedInput, d: Difference) => formatRecordedInput(v, d.column ?? undefined, locale) || '—'
  return (
    <div data-testid="diff">
      <h3>
        {t.changesSince} {versionName}: {rows.length}
      </h3>
      <table className="sp-table sp-diff">
        <tbody>
          {rows.map((d) => (
            <tr key={`${d.sheetName}!${d.a1}`}>
              <td>
                {d.sheetName}!{d.a1}
              </td>
              <td className="sp-num">{show(d.from, d)}</td>
              <td>→</td>
              <td className="sp-num">{show(d.to, d)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
