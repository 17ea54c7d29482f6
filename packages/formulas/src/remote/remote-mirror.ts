import { getCellInput, getSheetGrid, isFormula, type CellInput, type CellRef, type Workbook } from '@samplan/domain'
import { MirrorDestroyedError, RemoteEngineError } from '../errors'
import type { CellComputed } from '../mirror/computed'
import type { WorkbookMirror } from '../mirror/workbook-mirror'
import type { ChangedValue, FromEngine, MessagePortLike, SheetValues, ToEngine } from './messages'
import type { YjsCalls } from './yjs-calls'

/** A WorkbookMirror whose engine runs at the other end of a message port (a Web Worker). */
export interface RemoteMirror extends WorkbookMirror {
  /** Whether the engine has been built and its values have replaced any seed. */
  readonly ready: boolean
  /** Resolves once the engine has applied every doc update made before the call. Rejects with MirrorDestroyedError or RemoteEngineError. */
  whenCurrent(): Promise<void>
  /**
   * Shows `values` for a sheet's formula cells until the engine is ready (numbers first, from the server);
   * the engine's values then replace them. Returns false, and changes nothing, once the engine is ready.
   */
  seed(values: SheetValues): boolean
}

export interface RemoteMirrorOptions {
  /** The app's Yjs, which encodes the doc's opening state. */
  Y: Pick<YjsCalls, 'encodeStateAsUpdate'>
  /** Runs once on destroy, after the engine was told to close (a page terminates its worker here). */
  onDestroy?: () => void
  /** The engine could not build or apply an update; the values shown stop following the doc. */
  onFailure?: (message: string) => void
  /**
   * The engine builds once this resolves (at once without it). A page passes "the doc can be shown": the
   * updates of the first sync then reach the engine as they come, and nothing is encoded for it here.
   */
  buildWhen?: Promise<unknown>
  /**
   * Nothing reaches the engine until this resolves (then everything so far, in order). A page passes "the first
   * sheet is painted", so the engine's decoding of the doc does not compete with the page's for a core.
   */
  postWhen?: Promise<unknown>
}

type SheetCache = Map<string, Map<string, CellComputed>>

// The page's end must not load the engine (mirror/computed.ts reads HyperFormula's cell errors): an empty cell's value, as there.
const EMPTY_COMPUTED: CellComputed = Object.freeze({ value: null }) as CellComputed

/**
 * A mirror answered synchronously from values held in this thread, kept by an engine elsewhere: the doc's
 * whole state goes to `port` once and then every update in order; the engine answers each with the cells it
 * changed. A cell that holds no formula is its own value, read from the doc here, so a typed number shows
 * at once; formula cells show the engine's last answer (or a seed). `onRecalculated` fires when the
 * engine's answer arrives.
 * @example
 * const worker = new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module' })
 * const mirror = createRemoteMirror(workbook, worker, { Y, onDestroy: () => worker.terminate() })
 */
export function createRemoteMirror(workbook: Workbook, port: MessagePortLike, options: RemoteMirrorOptions): RemoteMirror {
  const listeners = new Set<(changed: CellRef[]) => void>()
  let cache = new Map<string, SheetCache>()
  let ready = false
  let destroyed = false
  let posted = 0
  // The last update the engine has answered; -1 until it has answered the opening state.
  let answered = -1
  let waiters: { seq: number; resolve: () => void; reject: (err: Error) => void }[] = []
  let failure: RemoteEngineError | null = null
  let held: ToEngine[] | null = options.postWhen ? [] : null
  const post = (message: ToEngine) => {
    if (held) held.push(message)
    else port.postMessage(message)
  }
  const release = () => {
    const queue = held ?? []
    held = null
    if (!destroyed) for (const message of queue) port.postMessage(message)
  }
  if (options.postWhen) void options.postWhen.then(release, release)

  function fire(changed: CellRef[]): void {
    if (changed.length === 0) return
    for (const listener of [...listeners]) listener(changed)
  }

  function settle(): void {
    const due = waiters.filter((w) => w.seq <= answered)
    waiters = waiters.filter((w) => w.seq > answered)
    for (const w of due) w.resolve()
  }

  /**
   * The engine's first answer, held while it is older than updates already made (it was built before them): the
   * values shown meanwhile (a seed, which may be the server's answer to those very updates) give way only once the
   * engine has answered each of them, so a shown value never steps back to an older state's.
   */
  let caughtUp: { cache: Map<string, SheetCache>; until: number } | null = null

  function onReady(seq: number, sheets: SheetValues[]): void {
    const next = new Map<string, SheetCache>()
    for (const sheet of sheets) store(next, sheet)
    answered = seq
    if (seq < posted) caughtUp = { cache: next, until: posted }
    else becomeReady(next)
  }

  function becomeReady(next: Map<string, SheetCache>): void {
    const changed = differences(cache, next)
    cache = next
    caughtUp = null
    ready = true
    fire(changed)
    settle()
  }

  function onApplied(seq: number, values: ChangedValue[]): void {
    const into = caughtUp?.cache ?? cache
    const changed: CellRef[] = []
    for (const [sheetId, rowId, colId, value] of values) {
      put(into, sheetId, rowId, colId, value)
      changed.push({ sheetId, rowId, colId })
    }
    answered = seq
    if (caughtUp) {
      if (seq >= caughtUp.until) becomeReady(caughtUp.cache)
      return
    }
    fire(changed)
    settle()
  }

  port.onmessage = (event) => {
    if (destroyed) return
    const message = event.data as FromEngine
    if (message.type === 'ready') onReady(message.seq, message.sheets)
    else if (message.type === 'applied') onApplied(message.seq, message.changed)
    else {
      failure = new RemoteEngineError(message.message)
      for (const w of waiters) w.reject(failure)
      waiters = []
      options.onFailure?.(message.message)
    }
  }

  const onUpdate = (update: Uint8Array) => post({ type: 'update', seq: ++posted, update })
  post({ type: 'open', state: options.Y.encodeStateAsUpdate(workbook.doc) })
  workbook.doc.on('update', onUpdate)
  const build = () => {
    if (!destroyed) post({ type: 'build' })
  }
  if (options.buildWhen) void options.buildWhen.then(build, () => {})
  else build()

  function alive(): void {
    if (destroyed) throw new MirrorDestroyedError()
  }

  function computedAt(sheetId: string, rowId: string, colId: string): CellComputed {
    const input = getCellInput(workbook, sheetId, rowId, colId)
    if (!isFormula(input)) return inputValue(input)
    return cache.get(sheetId)?.get(rowId)?.get(colId) ?? EMPTY_COMPUTED
  }

  return {
    get ready() {
      return ready
    },
    getValue(sheetId, rowId, colId) {
      alive()
      return computedAt(sheetId, rowId, colId)
    },
    getSheetValues(sheetId) {
      alive()
      let grid: ReturnType<typeof getSheetGrid>
      try {
        grid = getSheetGrid(workbook, sheetId)
      } catch {
        return []
      }
      return grid.rowIds.map((rowId) => grid.colIds.map((colId) => computedAt(sheetId, rowId, colId)))
    },
    onRecalculated(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    whenCurrent() {
      if (destroyed) return Promise.reject(new MirrorDestroyedError())
      if (failure) return Promise.reject(failure)
      const seq = posted
      if (caughtUp === null && answered >= seq) return Promise.resolve()
      return new Promise((resolve, reject) => waiters.push({ seq, resolve, reject }))
    },
    seed(values) {
      alive()
      if (ready) return false
      const { sheetId, rows, cols, cells } = values
      const changed: CellRef[] = []
      for (const [row, col, value] of cells) {
        const rowId = rows[row]
        const colId = cols[col]
        if (rowId === undefined || colId === undefined) continue
        if (sameComputed(cache.get(sheetId)?.get(rowId)?.get(colId) ?? EMPTY_COMPUTED, value)) continue
        put(cache, sheetId, rowId, colId, value)
        changed.push({ sheetId, rowId, colId })
      }
      fire(changed)
      return true
    },
    destroy() {
      if (destroyed) return
      destroyed = true
      workbook.doc.off('update', onUpdate)
      held = null
      post({ type: 'close' })
      port.onmessage = null
      listeners.clear()
      for (const w of waiters) w.reject(new MirrorDestroyedError())
      waiters = []
      options.onDestroy?.()
    },
  }
}

/** What a cell without a formula computes to: its input, as the engine reads it (text stays text). */
function inputValue(input: CellInput | undefined): CellComputed {
  return input === undefined || input === null ? EMPTY_COMPUTED : { value: input }
}

function store(into: Map<string, SheetCache>, { sheetId, rows, cols, cells }: SheetValues): void {
  for (const [row, col, value] of cells) {
    const rowId = rows[row]
    const colId = cols[col]
    if (rowId !== undefined && colId !== undefined) put(into, sheetId, rowId, colId, value)
  }
}

function put(into: Map<string, SheetCache>, sheetId: string, rowId: string, colId: string, value: CellComputed): void {
  let sheet = into.get(sheetId)
  if (!sheet) {
    sheet = new Map()
    into.set(sheetId, sheet)
  }
  let row = sheet.get(rowId)
  if (!row) {
    row = new Map()
    sheet.set(rowId, row)
  }
  row.set(colId, value)
}

/** The cells whose value differs between two caches (a cell missing from one is empty there). */
function differences(before: Map<string, SheetCache>, after: Map<string, SheetCache>): CellRef[] {
  const changed: CellRef[] = []
  const visit = (a: Map<string, SheetCache>, b: Map<string, SheetCache>, both: boolean) => {
    for (const [sheetId, rows] of a) {
      for (const [rowId, cols] of rows) {
        for (const [colId, value] of cols) {
          const other = b.get(sheetId)?.get(rowId)?.get(colId)
          // Cells in both are compared once, on the first pass.
          if (other !== undefined && !both) continue
          if (!sameComputed(value, other ?? EMPTY_COMPUTED)) changed.push({ sheetId, rowId, colId })
        }
      }
    }
  }
  visit(after, before, true)
  visit(before, after, false)
  return changed
}

function sameComputed(a: CellComputed, b: CellComputed): boolean {
  if (a.value !== b.value) return false
  if (!a.error || !b.error) return a.error === b.error
  return a.error.type === b.error.type && a.error.display === b.error.display && a.error.message === b.error.message
}
