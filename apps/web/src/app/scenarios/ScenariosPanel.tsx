import {
  applyBackToPlan,
  canManageScenario,
  formatScenarioAmount,
  formatScenarioPercent,
  formatScenarioValue,
  getCellInput,
  getSheetGrid,
  mayTakeAction,
  overrideDenial,
  parseUserInput,
  planApplyBack,
  planInput,
  renderInput,
  type Actor,
  type Api,
  type CellRef,
  type ScenarioDifference,
  type WorkbookStatus,
} from '@samplan/domain'
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { ApiClient } from '../../api/client'
import type { ScenarioMarks } from '../../grid/cell-view'
import type { SelectedCell } from '../../grid/workbook-grid'
import { ConfirmDialog } from '../dialogs/ConfirmDialog'
import type { SessionUser } from '../auth/session'
import type { UiLocale } from '../i18n'
import type { LiveWorkbook } from '../workbook/use-live-workbook'
import { scenarioApi } from './scenario-api'
import { sameMarks, scenarioMarks } from './scenario-marks'
import { scenarioTexts, type ScenarioTexts } from './scenario-texts'
import { useScenario } from './use-scenario'
import { useScenarioFollow } from './use-scenario-follow'
import './scenarios.css'

interface Props {
  client: ApiClient
  workbookId: string
  live: LiveWorkbook | null
  user: SessionUser
  selected: SelectedCell | null
  /** The plan's status: applying back follows it (SC7). */
  status: WorkbookStatus
  locale: UiLocale
  /** Shows a changed cell in the grid. */
  onShowCell: (cell: CellRef) => void
  /** The open scenario's marks for the grid (SC11); null when none is open. */
  onMarks?: (marks: ScenarioMarks | null) => void
  onClose: () => void
}

/**
 * Scenarios of the workbook (domain SPEC SC1-SC8) beside the grid: the list and a new one; an open
 * scenario's banner, the selected cell's value in the scenario, and the comparison with the plan
 * (changed cells and every total they move) with "För in" per cell or all.
 */
export function ScenariosPanel(props: Props) {
  const { client, workbookId, live, user, selected, locale } = props
  const t = scenarioTexts(locale)
  const api = useMemo(() => scenarioApi(client, workbookId), [client, workbookId])
  const actor = useMemo<Actor>(() => ({ id: user.id, role: user.role, omrade: user.omrade }), [user.id, user.role, user.omrade])
  const [list, setList] = useState<Api.ScenarioSummary[] | null>(null)
  const [detail, setDetail] = useState<Api.ScenarioDetail | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string[] | null>(null)
  const open = useScenario(live, detail)
  const onGone = useCallback(() => {
    setDetail(null)
    setError(t.gone)
  }, [t])
  useScenarioFollow(api, detail, setDetail, onGone)
  useGridMarks(open && scenarioMarks(open.comparison, t, locale), props.onMarks)
  // Why an ekonom cannot apply back now (an inskickad or beslutad plan, SC7); null when they can.
  const lockOf = live && mayTakeAction(user.role, 'apply-scenario') ? planApplyBack(live.workbook, [], actor) : null
  const applyLock = lockOf && !lockOf.ok ? lockOf.reason : null

  /** Runs a request; a refusal is shown with the server's reason. Resolves with whether it went through. */
  const run = useCallback(async (task: () => Promise<unknown>): Promise<boolean> => {
    setError(null)
    try {
      await task()
      return true
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
      return false
    }
  }, [])

  // Not through `run`: what closed the scenario (it was deleted or made private) stays said.
  useEffect(() => {
    if (detail) return
    api.list().then(
      (answer) => setList(answer.scenarios),
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    )
  }, [api, detail])

  return (
    <aside className="sp-scenarios" aria-label={t.title} data-testid="scenarios">
      <div className="sp-scenarios-head">
        <h2>{t.title}</h2>
        <button type="button" className="sp-panel-close" onClick={props.onClose} aria-label={t.close} title={t.close}>
          ×
        </button>
      </div>
      {error && (
        <p className="sp-error-text" role="alert" data-testid="scenario-error">
          {error}
        </p>
      )}
      {detail ? (
        <>
          <div className="sp-scenario-banner" role="status" data-testid="scenario-banner">
            <strong>{t.banner(detail.name)}</strong>
            <button
              type="button"
              className="sp-link"
              onClick={() => {
                setDetail(null)
                setNotice(null)
              }}
            >
              {t.leave}
            </button>
          </div>
          {canManageScenario({ ...actor, id: user.id }, detail) && (
            <ManageScenario
              t={t}
              detail={detail}
              onUpdate={(change) => run(async () => setDetail(await api.update(detail.id, change)))}
              onRemove={() =>
                run(async () => {
                  await api.remove(detail.id)
                  setDetail(null)
                  setNotice([t.removed(detail.name)])
                })
              }
            />
          )}
          {live && (
            <CellOverride
              t={t}
              live={live}
              actor={actor}
              detail={detail}
              selected={selected}
              scenarioInput={(cell) => (open ? (getCellInput(open.view.workbook, cell.sheetId, cell.rowId, cell.colId) ?? null) : null)}
              locale={locale}
              onSave={(set, remove) => run(async () => setDetail(await api.overrides(detail.id, set, remove)))}
            />
          )}
          {live && open && (
            <Comparison
              t={t}
              locale={locale}
              changed={open.comparison.changed}
              moved={open.comparison.moved}
              dropped={open.comparison.dropped.length}
              applyLock={applyLock}
              applyBack={
                mayTakeAction(user.role, 'apply-scenario') && applyLock === null
                  ? (cells) =>
                      run(async () => {
                        const planned = planApplyBack(live.workbook, detail.overrides, actor, cells)
                        if (!planned.ok) {
                          setNotice([planned.reason])
                          return
                        }
                        // One local edit: the plan's gate judges and audits it, one Ctrl+Z undoes it (SC7).
                        if (planned.edits.length > 0) applyBackToPlan(live.workbook, planned.edits)
                        // Overrides the plan now holds leave the scenario; dropped and refused ones stay, reported.
                        const settled = [...planned.edits, ...planned.skipped.filter((s) => s.kind === 'same').map((s) => s.override)]
                        setNotice([
                          t.applied(planned.edits.length),
                          ...(planned.skipped.length > 0
                            ? [t.skipped(planned.skipped.length), ...planned.skipped.map((s) => s.reason)]
                            : []),
                        ])
                        if (settled.length > 0) setDetail(await api.overrides(detail.id, [], settled.map(cellOf)))
                      })
                  : null
              }
              onRemove={(cell) => run(async () => setDetail(await api.overrides(detail.id, [], [cellOf(cell)])))}
              onShowCell={props.onShowCell}
            />
          )}
          {notice && (
            <ul className="sp-scenario-notice" role="status" data-testid="scenario-notice">
              {notice.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          {!open && <p className="sp-muted">{t.loading}</p>}
          {mayTakeAction(user.role, 'export') && (
            <p className="sp-scenario-exports">
              <a href={api.exportLink(detail.id, 'pdf', locale)} download data-testid="scenario-export-pdf">
                {t.exportPdf}
              </a>
              <a href={api.exportLink(detail.id, 'xlsx', locale)} download data-testid="scenario-export-xlsx">
                {t.exportXlsx}
              </a>
            </p>
          )}
        </>
      ) : (
        <>
          {notice && (
            <p className="sp-muted" role="status" data-testid="scenario-notice">
              {notice.join(' ')}
            </p>
          )}
          <ScenarioList
            t={t}
            list={list}
            mayCreate={mayTakeAction(user.role, 'create-scenario')}
            onOpen={(id) =>
              run(async () => {
                setNotice(null)
                setDetail(await api.get(id))
              })
            }
            onCreate={(name, shared) =>
              run(async () => {
                setNotice(null)
                setDetail(await api.create(name, shared ? 'shared' : 'private'))
              })
            }
          />
        </>
      )}
    </aside>
  )
}

/** Hands the grid the open scenario's marks when they change, and none once the panel closes. */
function useGridMarks(marks: ScenarioMarks | null, onMarks: ((marks: ScenarioMarks | null) => void) | undefined): void {
  const last = useRef<ScenarioMarks | null>(null)
  const target = useRef(onMarks)
  target.current = onMarks
  useEffect(() => {
    if (sameMarks(last.current, marks)) return
    last.current = marks
    target.current?.(marks)
  })
  useEffect(
    () => () => {
      last.current = null
      target.current?.(null)
    },
    [],
  )
}

/** The owner's (and a shared scenario's admin's) name, sharing and deletion ([SC8]); deletion asks first. */
function ManageScenario(props: {
  t: ScenarioTexts
  detail: Api.ScenarioDetail
  onUpdate: (change: Api.UpdateScenarioRequest) => Promise<boolean>
  onRemove: () => Promise<unknown>
}) {
  const { t, detail } = props
  const [name, setName] = useState(detail.name)
  const [confirming, setConfirming] = useState(false)
  // The box follows the click at once and goes back if the server refuses.
  const [shared, setShared] = useState(detail.visibility === 'shared')
  useEffect(() => setName(detail.name), [detail.name])
  useEffect(() => setShared(detail.visibility === 'shared'), [detail.visibility])
  const share = (next: boolean) => {
    setShared(next)
    void props.onUpdate({ visibility: next ? 'shared' : 'private' }).then((ok) => ok || setShared(!next))
  }
  const rename = (e: FormEvent) => {
    e.preventDefault()
    if (name.trim() !== '' && name.trim() !== detail.name) void props.onUpdate({ name: name.trim() })
  }
  return (
    <details className="sp-scenario-manage" data-testid="scenario-manage">
      <summary>{t.manage}</summary>
      <form className="sp-scenario-form" onSubmit={rename}>
        <label>
          {t.name}
          <span className="sp-scenario-input">
            <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} data-testid="scenario-rename" />
            <button type="submit" disabled={name.trim() === '' || name.trim() === detail.name}>
              {t.rename}
            </button>
          </span>
        </label>
        <label className="sp-scenario-check">
          <input type="checkbox" checked={shared} onChange={(e) => share(e.target.checked)} />
          {t.share}
        </label>
        <button type="button" className="sp-scenario-remove" onClick={() => setConfirming(true)}>
          {t.remove}
        </button>
      </form>
      {confirming && (
        <ConfirmDialog
          title={t.confirmRemoveTitle(detail.name)}
          confirmLabel={t.remove}
          cancelLabel={t.cancel}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false)
            void props.onRemove()
          }}
        >
          {t.confirmRemoveBody}
        </ConfirmDialog>
      )}
    </details>
  )
}

function cellOf(cell: CellRef): CellRef {
  return { sheetId: cell.sheetId, rowId: cell.rowId, colId: cell.colId }
}

function ScenarioList(props: {
  t: ScenarioTexts
  list: Api.ScenarioSummary[] | null
  mayCreate: boolean
  onOpen: (id: string) => void
  onCreate: (name: string, shared: boolean) => void
}) {
  const { t, list } = props
  const [name, setName] = useState('')
  const [shared, setShared] = useState(false)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (name.trim() !== '') props.onCreate(name.trim(), shared)
  }
  return (
    <>
      <p className="sp-muted">{t.intro}</p>
      {list === null ? (
        <p className="sp-muted">{t.loading}</p>
      ) : list.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul className="sp-scenario-list" data-testid="scenario-list">
          {list.map((s) => (
            <li key={s.id}>
              <div>
                <strong>{s.name}</strong> <span className="sp-scenario-badge">{s.visibility === 'shared' ? t.isShared : t.private}</span>
                <div className="sp-muted">{t.owner(s.ownerName, s.overrideCount)}</div>
              </div>
              <button type="button" onClick={() => props.onOpen(s.id)} aria-label={`${t.open} ${s.name}`}>
                {t.open}
              </button>
            </li>
          ))}
        </ul>
      )}
      {props.mayCreate && (
        <form className="sp-scenario-form" onSubmit={submit}>
          <label>
            {t.name}
            <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} data-testid="scenario-name" />
          </label>
          <label className="sp-scenario-check">
            <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
            {t.shared}
          </label>
          <button type="submit" disabled={name.trim() === ''}>
            {t.create}
          </button>
        </form>
      )}
    </>
  )
}

/** The selected cell in the plan and in the scenario, with its scenario value to change ([SC6]). */
function CellOverride(props: {
  t: ScenarioTexts
  live: LiveWorkbook
  actor: Actor
  detail: Api.ScenarioDetail
  selected: SelectedCell | null
  scenarioInput: (cell: CellRef) => Api.RecordedInput
  locale: UiLocale
  onSave: (set: Api.ScenarioOverride[], remove: CellRef[]) => Promise<unknown>
}) {
  const { t, live, actor, selected, locale } = props
  const [text, setText] = useState('')
  const key = selected ? `${selected.sheetId}:${selected.rowId}:${selected.colId}` : ''
  const current = selected ? props.scenarioInput(selected) : null
  const shown = selected && current !== null ? renderInput(live.workbook, selected.sheetId, current, locale) : ''
  // A new selection (or a saved value) starts the field from what the scenario holds.
  useEffect(() => setText(shown), [key, shown])
  if (!selected) return <p className="sp-muted">{t.selectCell}</p>
  const grid = getSheetGrid(live.workbook, selected.sheetId)
  const c = grid.colIds.indexOf(selected.colId)
  const r = grid.rowIds.indexOf(selected.rowId)
  const column = grid.columns[c]
  const denial = overrideDenial(actor, { column, row: grid.rows[r] })
  const planValue = live.mirror.getValue(selected.sheetId, selected.rowId, selected.colId).value
  const planText = column ? formatScenarioValue(planValue, { column }, locale) : String(planValue ?? '')
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const cell = cellOf(selected)
    const input = text.trim() === '' ? null : parseUserInput(live.workbook, selected.sheetId, text, locale)
    // An override equal to the plan is no difference ([SC4]): give the cell back instead.
    if (input === planInput(live.workbook, cell)) void props.onSave([], [cell])
    else void props.onSave([{ ...cell, input }], [])
  }
  return (
    <form className="sp-scenario-cell" onSubmit={submit} data-testid="scenario-cell">
      <div>
        {t.selected}: <strong>{selected.address}</strong>
      </div>
      <div>
        {t.inPlan}: <span data-testid="scenario-plan-value">{planText}</span>
      </div>
      {denial === null ? (
        <label>
          {t.inScenario}
          <span className="sp-scenario-input">
            <input value={text} onChange={(e) => setText(e.target.value)} data-testid="scenario-input" />
            <button type="submit">{t.save}</button>
          </span>
        </label>
      ) : (
        <p className="sp-muted" data-testid="scenario-cell-denial">
          {denial}
        </p>
      )}
    </form>
  )
}

function Comparison(props: {
  t: ScenarioTexts
  locale: UiLocale
  changed: ScenarioDifference[]
  moved: ScenarioDifference[]
  dropped: number
  /** Why applying back is refused now, shown in place of the buttons. */
  applyLock: string | null
  /** Null for roles that never apply back. */
  applyBack: ((cells?: CellRef[]) => Promise<unknown>) | null
  onRemove: (cell: CellRef) => Promise<unknown>
  onShowCell: (cell: CellRef) => void
}) {
  const { t, locale, changed, moved, applyBack } = props
  if (changed.length === 0 && moved.length === 0) {
    return (
      <>
        <p data-testid="scenario-no-differences">{t.noDifferences}</p>
        {props.dropped > 0 && <p className="sp-muted">{t.dropped(props.dropped)}</p>}
      </>
    )
  }
  const table = (rows: ScenarioDifference[], caption: string, testId: string, actions: boolean) => (
    <table className="sp-scenario-table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t.cell}</th>
          <th scope="col">{t.row}</th>
          <th scope="col">{t.plan}</th>
          <th scope="col">{t.scenario}</th>
          <th scope="col">{t.difference}</th>
          <th scope="col">{t.percent}</th>
          {actions && <th scope="col" />}
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={`${d.sheetId}:${d.rowId}:${d.colId}`}>
            <td>
              <button type="button" className="sp-link" onClick={() => props.onShowCell(d)} title={d.columnLabel}>
                {d.sheetName}!<wbr />
                {d.a1}
              </button>
            </td>
            <td>{d.rowLabel}</td>
            <td className="sp-num">{formatScenarioValue(d.plan, d, locale)}</td>
            <td className="sp-num">{formatScenarioValue(d.scenario, d, locale)}</td>
            <td className="sp-num">{formatScenarioAmount(d, locale)}</td>
            <td className="sp-num">{formatScenarioPercent(d.percent, locale)}</td>
            {actions && (
              <td className="sp-scenario-actions">
                {applyBack && (
                  <button type="button" onClick={() => void applyBack([d])}>
                    {t.applyOne}
                  </button>
                )}
                <button type="button" onClick={() => void props.onRemove(d)}>
                  {t.revert}
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
  return (
    <div className="sp-scenario-compare">
      {changed.length > 0 && table(changed, t.changed, 'scenario-changed', true)}
      {moved.length > 0 && table(moved, t.moved, 'scenario-moved', false)}
      {props.dropped > 0 && <p className="sp-muted">{t.dropped(props.dropped)}</p>}
      {applyBack && changed.length > 0 && (
        <button type="button" className="sp-scenario-apply" onClick={() => void applyBack()}>
          {t.applyAll}
        </button>
      )}
      {props.applyLock && (
        <p className="sp-muted" data-testid="scenario-apply-lock">
          {props.applyLock}
        </p>
      )}
    </div>
  )
}
