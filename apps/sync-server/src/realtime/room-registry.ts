import { Room } from './room'
import type { AuditLog } from '../storage/audit'
import type { Store } from '../storage/store'
import { WorkbookNotFoundError } from '../storage/errors'

/** How long an empty room stays loaded, so a reconnecting client finds it warm. */
const IDLE_UNLOAD_MS = 60_000

/** Loads each workbook's room once and keeps it while clients are connected (and a minute after). */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>()
  private readonly idleTimers = new Map<string, ReturnType<typeof setTimeout>>()

  constructor(
    private readonly store: Store,
    private readonly audit: AuditLog,
    private readonly log: (msg: string) => void,
  ) {}

  /** The live room of a workbook, loading it from the store on first use. Throws WorkbookNotFoundError. */
  get(workbookId: string): Room {
    const existing = this.rooms.get(workbookId)
    if (existing) {
      // Each use restarts the idle clock; the timer skips rooms that have sockets by then.
      if (existing.size === 0) this.scheduleUnload(existing)
      return existing
    }
    if (!this.store.getWorkbook(workbookId)) throw new WorkbookNotFoundError(workbookId)
    const room = new Room(workbookId, this.store, this.audit, this.log, (r) => this.scheduleUnload(r))
    this.rooms.set(workbookId, room)
    // A room loaded for the API alone (history, export) unloads too when nobody connects.
    this.scheduleUnload(room)
    return room
  }

  private scheduleUnload(room: Room): void {
    clearTimeout(this.idleTimers.get(room.workbookId))
    const timer = setTimeout(() => {
      this.idleTimers.delete(room.workbookId)
      if (room.size > 0 || this.rooms.get(room.workbookId) !== room) return
      room.compact()
      room.destroy()
      this.rooms.delete(room.workbookId)
    }, IDLE_UNLOAD_MS)
    timer.unref()
    this.idleTimers.set(room.workbookId, timer)
  }

  /** The room if it is loaded, without loading it. */
  peek(workbookId: string): Room | undefined {
    return this.rooms.get(workbookId)
  }

  destroyAll(): void {
    for (const timer of this.idleTimers.values()) clearTimeout(timer)
    this.idleTimers.clear()
    for (const room of this.rooms.values()) {
      room.compact()
      room.destroy()
    }
    this.rooms.clear()
  }
}
