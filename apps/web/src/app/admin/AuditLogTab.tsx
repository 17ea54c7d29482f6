import type { Api } from '@samplan/domain'
import { useEffect, useState } from 'react'
import type { Messages } from '../i18n'
import type { AdminApi } from './admin-api'

/** The administration's audit trail, newest first: who did what to whom, old -> new. */
export function AuditLogTab({ api, t, fail }: { api: AdminApi; t: Messages; fail: (err: unknown) => void }) {
  const a = t.admin
  const [entries, setEntries] = useState<Api.AdminAuditEntry[] | null>(null)
  useEffect(() => {
    api
      .audit()
      .then((r) => setEntries(r.entries))
      .catch(fail)
  }, [api, fail])

  if (!entries) return <p className="sp-muted">{a.loading}</p>
  return (
    <table className="sp-table sp-admin-table" data-testid="admin-log">
      <thead>
        <tr>
          <th scope="col">{a.at}</th>
          <th scope="col">{a.who}</th>
          <th scope="col">{a.what}</th>
          <th scope="col">{a.target}</th>
          <th scope="col">{a.change}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id}>
            <td>{new Date(e.at).toLocaleString(a.locale)}</td>
            <td>{e.actorName ?? e.actorId}</td>
            <td>{a.actions[e.action] ?? e.action}</td>
            <td>{e.target}</td>
            <td>
              {e.old ?? '–'} → {e.new ?? '–'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
