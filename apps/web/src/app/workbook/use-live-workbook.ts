import { type Api, findSheetByName, listSheets, openWorkbook, type Workbook } from '@samplan/domain'
import { useEffect, useRef, useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { isUnauthorized } from '../../api/client'
import type { WorkbookApi } from '../../api/endpoints'
import { fetchComputedSheet, followServerValues } from '../../engine/computed-seed'
import { fetchFirstScreen, firstScreenOff, firstScreenRows } from '../../engine/first-screen'
import {
  createEngineMirror,
  type EngineMirror,
  engineOnMainThread,
  engineStartsAfter,
  markFormulasLive,
  startEngineWorker,
} from '../../engine/engine-mirror'
import { connectWorkbook, watchStatus, type ConnectionStatus, type TerminalClose, type WorkbookConnection } from '../../sync/connect'
import { joinPresence, peerColor, type Peer } from '../../sync/presence'
import { closeOutcome } from '../../sync/terminal-close'
import { createUndo, type Undo } from '../../sync/undo'
import type { SessionUser } from '../auth/session'
import { parseWorkbookPath } from '../links/deep-link'
import { Lifetime } from './lifetime'

/** An open workbook: the Y.Doc's model, its HyperFormula mirror, presence and this user's undo. */
export interface LiveWorkbook {
  workbook: Workbook
  /** Runs the engine in a worker (`whenCurrent()` waits for its answer to every change so far). */
  mirror: EngineMirror
  awareness: Awareness
  undo: Undo
  /** Resolves once the server has taken (and recorded) every change this user made before the call. */
  whenServerHas: () => Promise<void>
}

export interface LiveWorkbookState {
  /** Null until the doc can be shown, and while a refused change is thrown away. */
  live: LiveWorkbook | null
  connection: ConnectionStatus
  /** Why the server closed the connection or refused a change. */
  banner: string | null
  /** Everyone else in the workbook. */
  peers: Peer[]
  /** The server's first screen of the first sheet, to draw until the live grid is there (formulas SPEC FM15); null when there is none. */
  firstScreen: FirstScreenShown | null
}

/** A first screen to draw, and what to call once it is drawn (the socket waits for that, up to `FIRST_SCREEN_WAIT_MS`). */
export interface FirstScreenShown {
  screen: Api.FirstScreen
  shown: () => void
}

/**
 * How long after the open starts the socket waits for the first screen to be drawn. Once the document arrives its
 * decoding holds the page for a second or more (the 100 000-cell workbook), so a screen drawn after that is too late
 * to matter; a server slower than this to answer costs the open nothing more.
 */
const FIRST_SCREEN_WAIT_MS = 600

export interface LiveWorkbookOptions {
  workbookId: string
  /** The newest bearer token; read on every connect, so a renewal needs no new connection. */
  token: () => string
  /** A new token after the server closed the socket for an expired one; null when the session has ended. */
  renew: () => Promise<string | null>
  user: SessionUser
  api: WorkbookApi
  /** The session has ended (socket closed with 4401 and no new token to be had). */
  onSignOut: () => void
  /** Start of the banner after a refused change ("Servern avvisade din ändring"). */
  rejectedLabel: string
}

interface LiveEvents {
  onStatus(status: ConnectionStatus): void
  onPeers(peers: Peer[]): void
  onClose(close: TerminalClose, discardLocal: () => Promise<void>): void
  onLive(live: LiveWorkbook): void
  onFirstScreen(first: FirstScreenShown | null): void
}

/**
 * The workbook as it lives in this browser: connects (offline copy first), builds the mirror and
 * undo once the doc can be shown, announces presence, and follows the server's final closes
 * (sign in again; after a refused change, drop the offline copy and resync from the server).
 */
export function useLiveWorkbook(options: LiveWorkbookOptions): LiveWorkbookState {
  const { workbookId, user, api } = options
  const [live, setLive] = useState<LiveWorkbook | null>(null)
  const [connection, setConnection] = useState<ConnectionStatus>('connecting')
  const [banner, setBanner] = useState<string | null>(null)
  const [peers, setPeers] = useState<Peer[]>([])
  const [firstScreen, setFirstScreen] = useState<FirstScreenShown | null>(null)
  // Bumped to open the workbook again from the server, after it refused a change.
  const [generation, setGeneration] = useState(0)
  // Callbacks are read when a close arrives: a new callback must not reconnect.
  const latest = useRef(options)
  useEffect(() => {
    latest.current = options
  })
  const { id: userId, name: userName, color: userColor } = user

  useEffect(() => {
    const lifetime = new Lifetime()
    const events: LiveEvents = {
      onStatus: setConnection,
      onPeers: setPeers,
      onLive: setLive,
      onFirstScreen: setFirstScreen,
      onClose(close, discardLocal) {
        const outcome = closeOutcome(close.code)
        switch (outcome) {
          case 'sign-in':
            return latest.current.onSignOut()
          case 'resync':
          case 'unsaved':
            setBanner(outcome === 'unsaved' ? close.reason : `${latest.current.rejectedLabel}: ${close.reason}`)
            setLive(null)
            void discardLocal().then(() => setGeneration((g) => g + 1))
            return
          case 'show-reason':
            setBanner(close.reason)
        }
      },
    }
    const auth = { token: () => latest.current.token(), renew: () => latest.current.renew() }
    void openLive({ workbookId, auth, api, user: { id: userId, name: userName, color: userColor } }, lifetime, events)
    return () => {
      lifetime.end()
      setFirstScreen(null)
    }
  }, [workbookId, api, userId, userName, userColor, generation])

  return { live, connection, banner, peers, firstScreen }
}

/** The steps of opening, each undone by `lifetime` (whenever it ends). */
async function openLive(
  params: {
    workbookId: string
    auth: { token: () => string; renew: () => Promise<string | null> }
    api: WorkbookApi
    user: { id: string; name: string; color?: string }
  },
  lifetime: Lifetime,
  events: LiveEvents,
): Promise<void> {
  const { user } = params
  const opened = { live: false }
  const onWorker = !engineOnMainThread()
  // Numbers first: the server's values of the first sheet are asked for from the route's id at once, while
  // the offline copy loads and the socket opens; the main-thread engine's code loads meanwhile where it is used.
  const firstSheet = onWorker ? fetchComputedSheet(() => params.api.computed()) : null
  // The worker fetches and compiles the engine's code meanwhile too; it gets the doc once there is one.
  const worker = onWorker ? startEngineWorker() : null
  if (worker) lifetime.defer(() => worker.terminate())
  const mainThread = onWorker ? null : import('../../engine/main-thread-mirror')
  let connection: WorkbookConnection
  try {
    connection = await connectWorkbook(
      params.workbookId,
      { ...params.auth, userId: user.id, serverEpoch: () => serverEpoch(params.api) },
      (close) => events.onClose(close, () => connection.discardLocal()),
      showFirstScreen(params.api, lifetime, events, opened),
    )
  } catch (err) {
    // The API client has already asked for a new sign-in.
    if (isUnauthorized(err)) return
    throw err
  }
  lifetime.defer(() => connection.destroy())
  if (lifetime.ended) return
  lifetime.defer(watchStatus(connection.provider, events.onStatus))
  const awareness = connection.provider.awareness
  // The server stamps its own identity and colour over this before anyone sees it.
  lifetime.defer(joinPresence(awareness, { id: user.id, name: user.name, color: peerColor(user.color) }, events.onPeers))
  // The worker gets the doc once the first sheet is painted (the page decodes it first) and builds at once.
  const workbook = openWorkbook(connection.doc)
  const early = worker ? createEngineMirror(workbook, worker, connection.ready, engineStartsAfter(connection.ready)) : null
  if (early) lifetime.defer(() => early.destroy())
  await connection.ready
  if (lifetime.ended) return
  let mirror: EngineMirror
  if (early) mirror = early
  else if (mainThread) {
    const { mainThreadMirror } = await mainThread
    if (lifetime.ended) return
    const local = mainThreadMirror(workbook)
    lifetime.defer(() => local.destroy())
    mirror = local
  } else return
  if (firstSheet) seedNumbersFirst(workbook, mirror, params.api, firstSheet, () => connection.whenServerHas(), lifetime)
  const undo = createUndo(workbook)
  lifetime.defer(() => undo.destroy())
  opened.live = true
  events.onLive({ workbook, mirror, awareness, undo, whenServerHas: () => connection.whenServerHas() })
}

/**
 * Numbers first: the server's values of the first sheet (and of the sheet the address names, when another)
 * are painted while this page's engine builds, if the doc is at the very state they were computed at; until
 * it is ready, the server's engine answers every change (formulas SPEC FM14), so formulas are live meanwhile.
 */
function seedNumbersFirst(
  workbook: Workbook,
  mirror: EngineMirror,
  api: WorkbookApi,
  firstSheet: Promise<Api.ComputedSheet | null>,
  whenServerHas: () => Promise<void>,
  lifetime: Lifetime,
): void {
  const fetchSheet = (sheetId: string, since?: string) => fetchComputedSheet(() => api.computed(sheetId, since))
  const follower = followServerValues(mirror, workbook, { fetchSheet, whenServerHas }, () => {
    if (!mirror.ready && mirror.runsOn === 'worker') markFormulasLive()
  })
  lifetime.defer(() => follower.stop())
  const seedWith = (values: Api.ComputedSheet | null) => {
    if (values && !lifetime.ended) follower.seedFrom(values)
  }
  void firstSheet.then(seedWith)
  const linked = parseWorkbookPath(window.location.pathname)?.sheet
  const linkedId = linked === undefined ? undefined : findSheetByName(workbook, linked)?.id
  if (linkedId !== undefined && linkedId !== listSheets(workbook)[0]?.id) void fetchSheet(linkedId).then(seedWith)
}

/**
 * Asks the server for the first screen at once and hands it to the view to draw while the workbook is not yet live.
 * Resolves once it is drawn, once there is none to draw, or `FIRST_SCREEN_WAIT_MS` after the start: the socket opens
 * then, so the document's decoding does not hold the page before the first screen is on it.
 */
function showFirstScreen(api: WorkbookApi, lifetime: Lifetime, events: LiveEvents, opened: { live: boolean }): Promise<void> {
  if (firstScreenOff()) return Promise.resolve()
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, FIRST_SCREEN_WAIT_MS)
    // An open that ends meanwhile lets its connection be made and then destroyed, as without a first screen.
    lifetime.defer(() => {
      clearTimeout(timer)
      resolve()
    })
    void fetchFirstScreen(() => api.firstScreen(firstScreenRows(window.innerHeight))).then((screen) => {
      // An offline copy may have made the workbook live already: its grid is there, nothing to draw first.
      if (!screen || lifetime.ended || opened.live) return resolve()
      events.onFirstScreen({ screen, shown: () => resolve() })
    })
  })
}

/** The server's epoch, or null when it cannot say (an offline start); a refused token still fails. */
async function serverEpoch(api: WorkbookApi): Promise<string | null> {
  try {
    return (await api.info()).epoch
  } catch (err) {
    if (isUnauthorized(err)) throw err
    return null
  }
}
