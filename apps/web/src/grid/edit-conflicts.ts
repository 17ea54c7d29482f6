import {
  cellWriterClientId,
  getCellInput,
  renderInput,
  type CellInput,
  type FormulaLocale,
  type Workbook,
  type WorkbookChange,
} from '@samplan/domain'
import type { Peer } from '../sync/presence'
import { GridNotice } from './grid-notice'

export interface ConflictLabels {
  /** `Ändrad av Eva Ekonom: 175` */
  changedBy: (name: string, value: string) => string
  clearedBy: (name: string) => string
  takeTheirs: string
  keepMine: string
  aColleague: string
  /** On my cell, after I committed over a colleague's value. */
  youOverwrote: (value: string, name: string, time: string) => string
  /** On my cell, after a colleague wrote over the value I had written. */
  overwroteYours: (name: string, value: string, time: string) => string
}

export interface ConflictDeps {
  locale: FormulaLocale
  labels: () => ConflictLabels
  isEditorOpen: () => boolean
  /** Close the open editor without saving: the colleague's value stays. */
  takeTheirs: () => void
  /** Give the focus back to the open editor. */
  keepMine: () => void
  /** A colleague has just written over a value I wrote (the grid shows the mark beside the cell). */
  onOverwritten: (sheetId: string, rowId: string, colId: string) => void
  now?: () => Date
}

interface Editing {
  sheetId: string
  rowId: string
  colId: string
  /** The input the editor started from. */
  base: CellInput | undefined
  element: () => HTMLElement | null
}

const sameInput = (a: CellInput | undefined, b: CellInput | undefined) => (a ?? null) === (b ?? null)
const markKey = (sheetId: string, rowId: string, colId: string) => `${sheetId}|${rowId}|${colId}`

/**
 * A colleague's change to the cell I am editing, and overwrites, made visible:
 * - while my editor is open, a colleague's change to that cell shows next to the editor
 *   ("Ändrad av Eva Ekonom: 175") with "take theirs" and "keep mine";
 * - when one value replaces another anyway (I commit over theirs, or they write over mine),
 *   the cell carries a mark naming who and when, on both screens. The audit trail on the
 *   server keeps both values (the history panel).
 *
 * Who wrote a value is read from the Yjs item that holds it: its client id is the writer's
 * doc client id, which is also their awareness client id, whose name the server stamps (G6).
 */
export class EditConflicts {
  private editing: Editing | null = null
  private conflict: { writer: string; theirs: CellInput | undefined } | null = null
  private readonly notice: GridNotice
  /** What I wrote in this session, by cell: a colleague's write over it gets a mark. */
  private readonly mine = new Map<string, CellInput | undefined>()
  private readonly marks = new Map<string, string>()
  /** Names by awareness client id, kept after a colleague leaves. */
  private readonly names = new Map<number, string>()
  private peers: readonly Peer[] = []

  constructor(
    host: HTMLElement,
    private readonly workbook: Workbook,
    private readonly deps: ConflictDeps,
  ) {
    this.notice = new GridNotice(host, 'edit-conflict', 'alert')
  }

  setPeers(peers: readonly Peer[]): void {
    this.peers = peers
    for (const peer of peers) this.names.set(peer.clientId, peer.user.name)
  }

  /** The editor opened on a cell. */
  opened(sheetId: string, rowId: string, colId: string, element: () => HTMLElement | null): void {
    this.editing = { sheetId, rowId, colId, base: getCellInput(this.workbook, sheetId, rowId, colId), element }
    this.conflict = null
    this.notice.hide()
  }

  /** The editor closed (committed or cancelled). */
  closed(): void {
    this.editing = null
    this.conflict = null
    this.notice.hide()
  }

  get editorCell(): { sheetId: string; rowId: string; colId: string } | null {
    return this.editing
  }

  /** Every transaction that touched cells (observeWorkbook). */
  changed(change: WorkbookChange): void {
    if (change.local) return
    for (const { sheetId, rowId, colId } of change.cells) {
      const key = markKey(sheetId, rowId, colId)
      const now = getCellInput(this.workbook, sheetId, rowId, colId)
      if (this.mine.has(key)) {
        const old = this.mine.get(key)
        if (!sameInput(old, now)) {
          this.mine.delete(key)
          const labels = this.deps.labels()
          this.marks.set(key, labels.overwroteYours(this.writerOf(sheetId, rowId, colId), this.show(sheetId, old), this.time()))
          this.deps.onOverwritten(sheetId, rowId, colId)
        }
      }
      const e = this.deps.isEditorOpen() ? this.editing : null
      if (e && e.sheetId === sheetId && e.rowId === rowId && e.colId === colId) {
        if (sameInput(now, e.base)) {
          this.conflict = null
          this.notice.hide()
        } else {
          this.conflict = { writer: this.writerOf(sheetId, rowId, colId), theirs: now }
          this.showConflict(e)
        }
      }
    }
  }

  /** I committed this cell (it is written): mark an overwrite of a colleague's value. */
  committed(sheetId: string, rowId: string, colId: string): void {
    const key = markKey(sheetId, rowId, colId)
    const now = getCellInput(this.workbook, sheetId, rowId, colId)
    const e = this.editing
    const conflict = e && e.sheetId === sheetId && e.rowId === rowId && e.colId === colId ? this.conflict : null
    if (conflict && !sameInput(now, conflict.theirs)) {
      this.marks.set(key, this.deps.labels().youOverwrote(this.show(sheetId, conflict.theirs), conflict.writer, this.time()))
    } else {
      this.marks.delete(key)
    }
    this.mine.set(key, now)
  }

  /** Who wrote over what and when, for the cell's mark. */
  markOf(sheetId: string, rowId: string, colId: string): string | undefined {
    return this.marks.get(markKey(sheetId, rowId, colId))
  }

  reposition(): void {
    this.notice.reposition()
  }

  destroy(): void {
    this.notice.destroy()
  }

  private showConflict(e: Editing): void {
    const labels = this.deps.labels()
    const conflict = this.conflict!
    const theirs = this.show(e.sheetId, conflict.theirs)
    this.notice.show(e.element, {
      text: conflict.theirs === undefined || conflict.theirs === null ? labels.clearedBy(conflict.writer) : labels.changedBy(conflict.writer, theirs),
      actions: [
        { label: labels.takeTheirs, onClick: () => this.deps.takeTheirs() },
        {
          label: labels.keepMine,
          onClick: () => {
            this.notice.hide()
            this.deps.keepMine()
          },
        },
      ],
    })
  }

  private show(sheetId: string, input: CellInput | undefined): string {
    return renderInput(this.workbook, sheetId, input ?? null, this.deps.locale)
  }

  private time(): string {
    const now = this.deps.now?.() ?? new Date()
    return now.toLocaleTimeString(this.deps.locale === 'en' ? 'en-GB' : 'sv-SE', { hour: '2-digit', minute: '2-digit' })
  }

  /** The name of whoever wrote the cell's current value; for a removal, whoever has it selected. */
  private writerOf(sheetId: string, rowId: string, colId: string): string {
    const client = cellWriterClientId(this.workbook, { sheetId, rowId, colId })
    const byItem = client === undefined ? undefined : this.names.get(client)
    if (byItem) return byItem
    const here = this.peers.find((p) => p.cursor?.sheetId === sheetId && p.cursor.rowId === rowId && p.cursor.colId === colId)
    return here?.user.name ?? this.deps.labels().aColleague
  }
}
