import { getCellInput, getSheetGrid, isFormula, listSheets, type CellRef, type Workbook } from '@samplan/domain'
import { createRemoteMirror, MirrorDestroyedError, RemoteEngineError, type MessagePortLike, type RemoteMirror } from '@samplan/formulas'
import * as Y from 'yjs'

/** Performance marks a page leaves: the engine has answered (formulas live), and the server's numbers were painted. */
export const ENGINE_READY_MARK = 'samplan:engine-ready'
export const VALUES_SEEDED_MARK = 'samplan:values-seeded'
/**
 * Formulas are live: an edit's dependents show recomputed values. Left when the engine has answered, or earlier,
 * when the server's values of the first sheet are shown and its engine answers each edit until this page's is
 * ready (`followServerValues`, formulas SPEC FM14).
 */
export const FORMULAS_LIVE_MARK = 'samplan:formulas-live'

/** Leaves `FORMULAS_LIVE_MARK` once per page. */
export function markFormulasLive(): void {
  if (performance.getEntriesByName(FORMULAS_LIVE_MARK).length === 0) performance.mark(FORMULAS_LIVE_MARK)
}

/** `localStorage[ENGINE_MAIN_THREAD_KEY] = '1'` runs the formula engine on the page's main thread, as before the worker. */
export const ENGINE_MAIN_THREAD_KEY = 'samplan:engine-main-thread'

/**
 * `localStorage[ENGINE_DURING_SYNC_KEY] = '1'` hands the worker the doc's updates as they arrive, instead of after
 * the first sheet is painted (the cold-open benchmark compares the two).
 */
export const ENGINE_DURING_SYNC_KEY = 'samplan:engine-during-sync'

/** The workbook's computed values; the engine runs in a worker, or on the main thread where there is none. */
export interface EngineMirror extends RemoteMirror {
  readonly runsOn: 'worker' | 'main-thread'
}

/** Whether this page runs the engine on its main thread: no Worker here, or the switch is set. */
export function engineOnMainThread(): boolean {
  if (typeof Worker === 'undefined') return true
  try {
    return localStorage.getItem(ENGINE_MAIN_THREAD_KEY) === '1'
  } catch {
    // Storage refused (a sandboxed frame): the default design.
    return false
  }
}

/**
 * When the worker gets the doc: once the page is first idle after `shown` (the first sheet painted), so its
 * decoding of the doc does not compete with the page's for a core; as the updates arrive with the switch set.
 */
export function engineStartsAfter(shown: Promise<unknown>): Promise<unknown> | undefined {
  try {
    if (localStorage.getItem(ENGINE_DURING_SYNC_KEY) === '1') return undefined
  } catch {
    // Storage refused: the default.
  }
  return shown.then(
    () =>
      new Promise<void>((resolve) => {
        // A page that is never idle still gets its engine within a second.
        if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 1000 })
        else setTimeout(resolve, 0)
      }),
  )
}

/**
 * Starts the engine's worker. Made before the doc has arrived, so loading the engine's code overlaps the sync;
 * `createEngineMirror` hands it the doc. A failure of its script before then is kept and told to the mirror.
 */
export function startEngineWorker(): EngineWorker {
  const worker = new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module', name: 'samplan-engine' })
  const listeners: ((event: { message: string }) => void)[] = []
  let failure: string | null = null
  worker.addEventListener('error', (event) => {
    failure ??= event.message || "the engine's script did not load"
    for (const listener of listeners) listener({ message: failure })
  })
  return {
    postMessage: (message) => worker.postMessage(message),
    get onmessage() {
      return worker.onmessage as MessagePortLike['onmessage']
    },
    set onmessage(handler) {
      worker.onmessage = handler
    },
    terminate: () => worker.terminate(),
    addEventListener(_type, listener) {
      listeners.push(listener)
      if (failure !== null) listener({ message: failure })
    },
  }
}

/** What the page needs of its engine's worker: the port, its end, and word when its script fails. */
export interface EngineWorker extends MessagePortLike {
  terminate(): void
  addEventListener(type: 'error', listener: (event: { message: string }) => void): void
}

/**
 * The mirror the page reads, backed by `worker`: it gets the doc once `postWhen` resolves and builds once
 * `buildWhen` does.
 */
export function createEngineMirror(
  workbook: Workbook,
  worker: EngineWorker,
  buildWhen?: Promise<unknown>,
  postWhen?: Promise<unknown>,
): EngineMirror {
  return createWorkerMirror(workbook, worker, buildWhen, postWhen)
}

/**
 * The engine in `worker`, falling back to the main thread if the worker fails (its script does not load,
 * or its engine cannot build or apply an update): formulas stay live, only typing may wait again. The
 * worker is terminated on destroy or fallback.
 */
export function createWorkerMirror(
  workbook: Workbook,
  worker: EngineWorker,
  buildWhen?: Promise<unknown>,
  postWhen?: Promise<unknown>,
): EngineMirror {
  const listeners = new Set<(changed: CellRef[]) => void>()
  const fire = (changed: CellRef[]) => {
    if (changed.length === 0) return
    for (const listener of [...listeners]) listener(changed)
  }
  let destroyed = false
  let fallback: EngineMirror | null = null
  let fallingBack: Promise<void> | null = null
  const remote = createRemoteMirror(workbook, worker, {
    Y,
    ...(buildWhen ? { buildWhen } : {}),
    ...(postWhen ? { postWhen } : {}),
    onDestroy: () => worker.terminate(),
    onFailure: (message) => fallBack(message),
  })
  const stopRemote = remote.onRecalculated(fire)
  worker.addEventListener('error', (event) => fallBack(event.message))
  // Benchmarks and tests read when formulas went live from the page's performance timeline.
  remote.whenCurrent().then(
    () => {
      performance.mark(ENGINE_READY_MARK)
      markFormulasLive()
    },
    () => {},
  )

  function fallBack(reason: string): void {
    if (fallingBack || destroyed) return
    console.error(`The formula engine's worker stopped (${reason}); formulas are computed on the page instead.`)
    // The remote mirror keeps answering (inputs from the doc, the last values) until the doc can be shown.
    fallingBack = Promise.resolve(buildWhen)
      .then(() => loadMainThreadMirror(workbook))
      .then((local) => {
        if (destroyed) {
          local.destroy()
          return
        }
        fallback = local
        stopRemote()
        remote.destroy()
        local.onRecalculated(fire)
        // The worker's last values may be behind: every formula cell is read again.
        fire(formulaCells(workbook))
      })
  }

  const current = (): RemoteMirror => fallback ?? remote
  return {
    get runsOn() {
      return fallback ? 'main-thread' : 'worker'
    },
    get ready() {
      return fallback ? true : remote.ready
    },
    getValue: (sheetId, rowId, colId) => current().getValue(sheetId, rowId, colId),
    getSheetValues: (sheetId) => current().getSheetValues(sheetId),
    onRecalculated(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    whenCurrent() {
      if (destroyed) return Promise.reject(new MirrorDestroyedError())
      if (fallingBack) return fallingBack.then(() => current().whenCurrent())
      return remote.whenCurrent().catch((err: unknown) => {
        if (err instanceof RemoteEngineError && fallingBack) return fallingBack
        throw err
      })
    },
    seed(values) {
      if (fallback) return false
      const seeded = remote.seed(values)
      if (seeded && values.cells.length > 0) performance.mark(VALUES_SEEDED_MARK)
      return seeded
    },
    destroy() {
      if (destroyed) return
      destroyed = true
      listeners.clear()
      fallback?.destroy()
      remote.destroy()
    },
  }
}

/** Every formula cell of the workbook. */
function formulaCells(workbook: Workbook): CellRef[] {
  const cells: CellRef[] = []
  for (const { id: sheetId } of listSheets(workbook)) {
    const { rowIds, colIds } = getSheetGrid(workbook, sheetId)
    for (const rowId of rowIds) {
      for (const colId of colIds) if (isFormula(getCellInput(workbook, sheetId, rowId, colId))) cells.push({ sheetId, rowId, colId })
    }
  }
  return cells
}

/**
 * The engine on the main thread. Its code (HyperFormula, about 0.8 MB) is loaded only here: the page's
 * first load leaves it to the worker.
 */
export async function loadMainThreadMirror(workbook: Workbook): Promise<EngineMirror> {
  const { mainThreadMirror } = await import('./main-thread-mirror')
  return mainThreadMirror(workbook)
}
