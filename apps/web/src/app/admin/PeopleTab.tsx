import { RoleSchema, type Api, type Role } from '@samplan/domain'
import { useCallback, useEffect, useState, type FormEvent } from 'react'
import type { Messages } from '../i18n'
import type { AdminApi } from './admin-api'

interface Props {
  api: AdminApi
  t: Messages
  selfId: string
  say: (text: string) => void
  fail: (err: unknown) => void
}

const ROLES = RoleSchema.options

/** The people table: role and område per person, Inaktivera/Aktivera, and "Ny person". */
export function PeopleTab({ api, t, selfId, say, fail }: Props) {
  const a = t.admin
  const [people, setPeople] = useState<Api.AdminPerson[] | null>(null)
  const [creating, setCreating] = useState(false)
  // A row turned områdeschef before it has an område: the område is asked for before anything is sent.
  const [needsOmrade, setNeedsOmrade] = useState<string | null>(null)

  const load = useCallback(() => {
    api
      .people()
      .then((r) => setPeople(r.people))
      .catch(fail)
  }, [api, fail])
  useEffect(load, [load])

  const update = (person: Api.AdminPerson, body: Api.UpdatePersonRequest) =>
    api
      .updatePerson(person.id, body)
      .then((next) => {
        setPeople((all) => all?.map((p) => (p.id === next.id ? next : p)) ?? null)
        setNeedsOmrade(null)
        say(a.saved(next.name))
      })
      .catch(fail)

  const changeRole = (person: Api.AdminPerson, role: Role) => {
    if (role === 'omradeschef' && !person.omrade) {
      setNeedsOmrade(person.id)
      say(a.omradeNeeded)
      return
    }
    void update(person, { role })
  }

  const changeOmrade = (person: Api.AdminPerson, value: string) => {
    const omrade = value.trim()
    if (!omrade) return fail(new Error(a.omradeNeeded))
    if (needsOmrade === person.id) return void update(person, { role: 'omradeschef', omrade })
    if (omrade !== person.omrade) void update(person, { omrade })
  }

  if (!people) return <p className="sp-muted">{a.loading}</p>
  return (
    <>
      <table className="sp-table sp-admin-table" data-testid="admin-people">
        <thead>
          <tr>
            <th scope="col">{a.name}</th>
            <th scope="col">{a.username}</th>
            <th scope="col">{a.role}</th>
            <th scope="col">{a.omrade}</th>
            <th scope="col">{a.signIn}</th>
            <th scope="col">{a.status}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((person) => {
            const self = person.id === selfId
            const role = needsOmrade === person.id ? 'omradeschef' : person.role
            return (
              <tr key={person.id} data-username={person.username} className={person.active ? undefined : 'sp-admin-inactive'}>
                <th scope="row">{person.name}</th>
                <td>{person.username}</td>
                <td>
                  {self ? (
                    a.roles[person.role]
                  ) : (
                    <select aria-label={a.roleOf(person.name)} value={role} onChange={(e) => changeRole(person, e.target.value as Role)}>
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {a.roles[r]}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
                <td>
                  {role === 'omradeschef' ? (
                    <input
                      aria-label={a.omradeOf(person.name)}
                      defaultValue={person.omrade ?? ''}
                      placeholder="Område 1"
                      onBlur={(e) => {
                        if (e.target.value.trim() || needsOmrade === person.id) changeOmrade(person, e.target.value)
                      }}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') changeOmrade(person, e.currentTarget.value)
                      }}
                    />
                  ) : (
                    a.noOmrade
                  )}
                </td>
                <td>{a.signInWith[person.signIn]}</td>
                <td>
                  <span>{person.active ? a.active : a.inactive}</span>{' '}
                  {!self && (
                    <button type="button" onClick={() => void update(person, { active: !person.active })}>
                      {person.active ? a.deactivate : a.activate}
                      <span className="sp-visually-hidden"> {person.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {creating ? (
        <NewPersonForm
          api={api}
          t={t}
          onCancel={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false)
            say(created.password ? a.generatedPassword(created.person.username, created.password) : a.created(created.person.username))
            load()
          }}
          fail={fail}
        />
      ) : (
        <button type="button" className="sp-admin-primary" onClick={() => setCreating(true)}>
          {a.newPerson}
        </button>
      )}
    </>
  )
}

interface FormProps {
  api: AdminApi
  t: Messages
  onCancel: () => void
  onCreated: (created: Api.CreatePersonResponse) => void
  fail: (err: unknown) => void
}

function NewPersonForm({ api, t, onCancel, onCreated, fail }: FormProps) {
  const a = t.admin
  const [signIn, setSignIn] = useState<'password' | 'oidc'>('password')
  const [role, setRole] = useState<Role>('lasare')
  const [busy, setBusy] = useState(false)

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const text = (name: string) => String(form.get(name) ?? '').trim()
    const omrade = role === 'omradeschef' ? text('omrade') || null : null
    if (role === 'omradeschef' && !omrade) return fail(new Error(a.omradeNeeded))
    const common = { username: text('username'), name: text('name'), role, omrade }
    const password = String(form.get('password') ?? '')
    if (signIn === 'password' && password && password.length < 12) return fail(new Error(t.admin.passwordTooShort))
    const body: Api.CreatePersonRequest =
      signIn === 'password'
        ? { signIn, ...common, ...(password ? { password } : {}) }
        : { signIn, ...common, issuer: text('issuer'), subject: text('subject') }
    setBusy(true)
    api
      .createPerson(body)
      .then(onCreated)
      .catch(fail)
      .finally(() => setBusy(false))
  }

  return (
    <form className="sp-admin-form" onSubmit={submit} aria-label={a.newPerson}>
      <h3>{a.newPerson}</h3>
      <label>
        {a.username}
        <input name="username" required maxLength={100} autoComplete="off" />
      </label>
      <label>
        {a.name}
        <input name="name" required maxLength={200} autoComplete="off" />
      </label>
      <label>
        {a.role}
        <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {a.roles[r]}
            </option>
          ))}
        </select>
      </label>
      {role === 'omradeschef' && (
        <label>
          {a.omrade}
          <input name="omrade" required placeholder="Område 1" />
        </label>
      )}
      <fieldset>
        <legend>{a.signIn}</legend>
        <label>
          <input type="radio" name="signIn" checked={signIn === 'password'} onChange={() => setSignIn('password')} />{' '}
          {a.signInWith.password}
        </label>
        <label>
          <input type="radio" name="signIn" checked={signIn === 'oidc'} onChange={() => setSignIn('oidc')} /> {a.signInWith.oidc}
        </label>
      </fieldset>
      {signIn === 'password' ? (
        <>
          <label>
            {a.password}
            <input name="password" type="password" autoComplete="new-password" aria-describedby="sp-admin-password-hint" />
          </label>
          <span id="sp-admin-password-hint" className="sp-muted">
            {a.passwordHint}
          </span>
        </>
      ) : (
        <>
          <label>
            {a.issuer}
            <input name="issuer" required placeholder="https://login.microsoftonline.com/…/v2.0" />
          </label>
          <label>
            {a.subject}
            <input name="subject" required />
          </label>
        </>
      )}
      <div className="sp-modal-actions">
        <button type="button" onClick={onCancel}>
          {a.cancel}
        </button>
        <button type="submit" disabled={busy}>
          {a.create}
        </button>
      </div>
    </form>
  )
}
