import type { Api } from '@samplan/domain'
import { ComputedEnginePool } from './computed-engine'
import type { ValuesAsk } from './computed-engine-messages'
import { Room, type RoomLink } from './room'
import type { ClusterMessage } from '../cluster/cluster-message'
import type { Store } from '../storage/store'
import { WorkbookNotFoundError } from '../storage/errors'

/** How long an empty room stays loaded, so a reconnecting client finds it warm. */
const IDLE_UNLOAD_MS = 60_000

/** The cluster link as the registry needs it: a room's channel is subscribed while it is loaded. */
export interface RegistryLink extends RoomLink {
  subscribe(workbookId: string): Promise<void>
  unsubscribe(workbookId: string): void
}

/** Loads each workbook's room once and keeps it while clients are connected (and a minute after). */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>()
  /** Loads in progress, so callers asking at once share one room. */
  private readonly loading = new Map<string, Promise<Room>>()
  private readonly idleTimers = new Map<string, ReturnType<typeof setTimeout>>()
  /** The rooms' formula engines, built when a large room loads (a small one's by its first request) and dropped when the room unloads. */
  readonly computedEngines: ComputedEnginePool

  constructor(
    private readonly store: Store,
    private readonly log: (msg: string) => void,
    /** With several servers: how rooms hear each other (cluster/redis-link.ts). */
    private readonly link: RegistryLink | null = null,
    /** How long an empty room stays loaded (tests shorten it). */
    private readonly idleUnloadMs = IDLE_UNLOAD_MS,
    /** How many worker threads host the formula engines (SAMPLAN_ENGINE_WORKERS). */
    engineWorkers = 1,
    /** Rooms with a smaller state get their engine on the first request, not when they load (tests lower it). */
    prebuildMinBytes?: number,
  ) {
    this.computedEngines = new ComputedEnginePool(engineWorkers, log, prebuildMinBytes)
  }

  /** The live room of a workbook, loading it from the store on first use. Rejects with WorkbookNotFoundError. */
  get(workbookId: string): Promise<Room> {
    const existing = this.rooms.get(workbookId)
    if (existing) {
      // Each use restarts the idle clock; the timer skips rooms that have sockets by then.
      if (existing.size === 0) this.scheduleUnload(existing)
      return Promise.resolve(existing)
    }
    let pending = this.loading.get(workbookId)
    if (!pending) {
      pending = this.load(workbookId).finally(() => this.loading.delete(workbookId))
      this.loading.set(workbookId, pending)
    }
    return pending
  }

  private async load(workbookId: string): Promise<Room> {
    if (!(await this.store.getWorkbook(workbookId))) throw new WorkbookNotFoundError(workbookId)
    // Subscribed before loading, so every entry after the loaded head is either announced or read back below.
    await this.link?.subscribe(workbookId)
    let room: Room
    try {
      room = await Room.open(workbookId, this.store, this.log, (r) => this.scheduleUnload(r), this.link)
    } catch (err) {
      this.link?.unsubscribe(workbookId)
      throw err
    }
    this.rooms.set(workbookId, room)
    // A loaded room is one people are opening: a large one's engine is built before the first page asks.
    this.computedEngines.warm(workbookId, room)
    if (this.link) {
      void room.catchUp()
      room.askPeersForPresence()
    }
    // A room loaded for the API alone (history, export) unloads too when nobody connects.
    this.scheduleUnload(room)
    return room
  }

  private scheduleUnload(room: Room): void {
    clearTimeout(this.idleTimers.get(room.workbookId))
    const timer = setTimeout(() => {
      this.idleTimers.delete(room.workbookId)
      if (room.size > 0 || this.rooms.get(room.workbookId) !== room) return
      this.rooms.delete(room.workbookId)
      this.link?.unsubscribe(room.workbookId)
      this.computedEngines.drop(room.workbookId)
      void room.compact().finally(() => room.destroy())
    }, this.idleUnloadMs)
    timer.unref()
    this.idleTimers.set(room.workbookId, timer)
  }

  /**
   * The computed values of a sheet (null: the first), from the room's formula engine, loading the
   * room and building its engine if needed; at least every update the room accepted before the
   * call is reflected. Resolves null when the workbook has no such sheet. Rejects with
   * WorkbookNotFoundError, or ComputedEngineError when the engine cannot answer.
   */
  async computedSheet(workbookId: string, sheetId: string | null, ask: ValuesAsk = {}): Promise<Api.ComputedSheet | null> {
    const room = await this.get(workbookId)
    return this.computedEngines.sheetValues(workbookId, room, sheetId, ask)
  }

  /** The room if it is loaded, without loading it. */
  peek(workbookId: string): Room | undefined {
    return this.rooms.get(workbookId)
  }

  /** A message another server published about a workbook: for its room, if loaded here. */
  deliver(workbookId: string, message: ClusterMessage): void {
    const room = this.rooms.get(workbookId)
    if (room) return room.receiveFromPeer(message)
    // Forwarded here while the room loads, or after it unloaded: the sender judges it at once.
    const link = this.link
    if (link && message.kind === 'forward' && message.to === link.serverId) {
      link.publish(workbookId, {
        kind: 'verdict',
        from: link.serverId,
        to: message.from,
        forward: message.forward,
        verdict: { outcome: 'declined' },
      })
    }
  }

  /** Every loaded room reads what the log gained while Redis was away, and asks again for presence. */
  catchUpAll(): void {
    for (const room of this.rooms.values()) void room.rejoin()
  }

  /** A server stopped beating: its clients' presence goes from every room. */
  forgetServer(serverId: string): void {
    for (const room of this.rooms.values()) room.forgetServer(serverId)
  }

  /** Snapshots and unloads every room (shutdown, tests). */
  async destroyAll(): Promise<void> {
    for (const timer of this.idleTimers.values()) clearTimeout(timer)
    this.idleTimers.clear()
    const rooms = [...this.rooms.values()]
    this.rooms.clear()
    await this.computedEngines.stop()
    await Promise.all(rooms.map((room) => room.compact()))
    for (const room of rooms) room.destroy()
  }
}
