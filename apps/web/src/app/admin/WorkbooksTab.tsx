import type { Api } from '@samplan/domain'
import { useCallback, useEffect, useState, type FormEvent } from 'react'
import type { Messages } from '../i18n'
import type { AdminApi } from './admin-api'

interface Props {
  api: AdminApi
  t: Messages
  say: (text: string) => void
  fail: (err: unknown) => void
  onOpenWorkbook: (id: string) => void
}

/** Per workbook its members (add, remove), and "Ny arbetsbok" from the VP template or as a copy. */
export function WorkbooksTab({ api, t, say, fail, onOpenWorkbook }: Props) {
  const a = t.admin
  const [workbooks, setWorkbooks] = useState<Api.WorkbookSummary[] | null>(null)
  const [people, setPeople] = useState<Api.AdminPerson[]>([])
  const [selected, setSelected] = useState<string>('')
  const [members, setMembers] = useState<Api.AdminPerson[] | null>(null)
  const [adding, setAdding] = useState('')
  const [created, setCreated] = useState<Api.WorkbookSummary | null>(null)

  const loadWorkbooks = useCallback(
    (select?: string) =>
      api
        .workbooks()
        .then(({ workbooks: all }) => {
          setWorkbooks(all)
          setSelected((was) => select ?? (was || all[0]?.id || ''))
        })
        .catch(fail),
    [api, fail],
  )
  useEffect(() => {
    void loadWorkbooks()
    api
      .people()
      .then((r) => setPeople(r.people))
      .catch(fail)
  }, [api, fail, loadWorkbooks])

  useEffect(() => {
    if (!selected) return
    setMembers(null)
    api
      .members(selected)
      .then((r) => setMembers(r.members))
      .catch(fail)
  }, [api, fail, selected])

  const title = workbooks?.find((w) => w.id === selected)?.title ?? ''
  const candidates = people.filter((p) => p.active && !members?.some((m) => m.id === p.id))

  const add = () => {
    const person = people.find((p) => p.id === adding)
    if (!person) return
    api
      .addMember(selected, person.id)
      .then((r) => {
        setMembers(r.members)
        setAdding('')
        say(`${person.name}: ${a.membersOf(title)}`)
      })
      .catch(fail)
  }

  const remove = (person: Api.AdminPerson) =>
    api
      .removeMember(selected, person.id)
      .then((r) => {
        setMembers(r.members)
        say(`${a.remove}: ${person.name}`)
      })
      .catch(fail)

  if (!workbooks) return <p className="sp-muted">{a.loading}</p>
  return (
    <>
      <label className="sp-admin-field">
        {a.workbook}
        <select value={selected} onChange={(e) => setSelected(e.target.value)} data-testid="admin-workbook">
          {workbooks.map((w) => (
            <option key={w.id} value={w.id}>
              {w.title}
            </option>
          ))}
        </select>
      </label>
      <h3>{a.membersOf(title)}</h3>
      {members === null ? (
        <p className="sp-muted">{a.loading}</p>
      ) : members.length === 0 ? (
        <p className="sp-muted">{a.noMembers}</p>
      ) : (
        <ul className="sp-admin-members" data-testid="admin-members">
          {members.map((m) => (
            <li key={m.id} data-username={m.username}>
              <span>
                {m.name} ({m.username}, {a.roles[m.role]})
              </span>
              <button type="button" aria-label={a.removeMember(m.name)} onClick={() => void remove(m)}>
                {a.remove}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="sp-row">
        <label className="sp-admin-field">
          {a.addMemberLabel}
          <select value={adding} onChange={(e) => setAdding(e.target.value)} data-testid="admin-add-member">
            <option value="">–</option>
            {candidates.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.username})
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!adding} onClick={add}>
          {a.addMember}
        </button>
      </div>
      <NewWorkbookForm
        api={api}
        t={t}
        workbooks={workbooks}
        fail={fail}
        onCreated={(record) => {
          setCreated(record)
          say(a.createdWorkbook(record.title))
          void loadWorkbooks(record.id)
        }}
      />
      {created && (
        <button type="button" className="sp-link" onClick={() => onOpenWorkbook(created.id)}>
          {a.open}: {created.title}
        </button>
      )}
    </>
  )
}

function NewWorkbookForm(props: {
  api: AdminApi
  t: Messages
  workbooks: Api.WorkbookSummary[]
  fail: (err: unknown) => void
  onCreated: (record: Api.WorkbookSummary) => void
}) {
  const { api, t, workbooks, fail, onCreated } = props
  const a = t.admin
  const [from, setFrom] = useState<'template' | 'copy'>('template')
  const [busy, setBusy] = useState(false)

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const formElement = event.currentTarget
    const form = new FormData(formElement)
    const title = String(form.get('title') ?? '').trim()
    const body: Api.AdminCreateWorkbookRequest =
      from === 'template' ? { from, title } : { from, title, sourceId: String(form.get('sourceId') ?? '') }
    setBusy(true)
    api
      .createWorkbook(body)
      .then((record) => {
        formElement.reset()
        onCreated(record)
      })
      .catch(fail)
      .finally(() => setBusy(false))
  }

  return (
    <form className="sp-admin-form" onSubmit={submit} aria-label={a.newWorkbook}>
      <h3>{a.newWorkbook}</h3>
      <label>
        {a.workbookTitle}
        <input name="title" required maxLength={200} autoComplete="off" />
      </label>
      <fieldset>
        <legend>{a.from}</legend>
        <label>
          <input type="radio" name="from" checked={from === 'template'} onChange={() => setFrom('template')} /> {a.fromTemplate}
        </label>
        <label>
          <input type="radio" name="from" checked={from === 'copy'} onChange={() => setFrom('copy')} /> {a.fromCopy}
        </label>
        {from === 'copy' && (
          <select name="sourceId" aria-label={a.fromCopy} defaultValue={workbooks[0]?.id}>
            {workbooks.map((w) => (
              <option key={w.id} value={w.id}>
                {w.title}
              </option>
            ))}
          </select>
        )}
      </fieldset>
      <div className="sp-modal-actions">
        <button type="submit" disabled={busy}>
          {a.create}
        </button>
      </div>
    </form>
  )
}
