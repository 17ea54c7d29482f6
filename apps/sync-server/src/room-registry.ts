import { Room, type UpdateGuard } from './room'
import type { AuditLog } from './audit'
import type { Store } from './store'
import { WorkbookNotFoundError } from './errors'

/** Loads each workbook's room once and keeps it while clients are connected. */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>()

  constructor(
    private readonly store: Store,
    private readonly audit: AuditLog,
    private readonly guard: UpdateGuard,
    private readonly log: (msg: string) => void,
  ) {}

  /** The live room of a workbook, loading it from the store on first use. Throws WorkbookNotFoundError. */
  get(workbookId: string): Room {
    const existing = this.rooms.get(workbookId)
    if (existing) return existing
    if (!this.store.getWorkbook(workbookId)) throw new WorkbookNotFoundError(workbookId)
    const room = new Room(workbookId, this.store, this.audit, this.guard, this.log)
    this.rooms.set(workbookId, room)
    return room
  }

  /** The room if it is loaded, without loading it. */
  peek(workbookId: string): Room | undefined {
    return this.rooms.get(workbookId)
  }

  destroyAll(): void {
    for (const room of this.rooms.values()) {
      room.compact()
      room.destroy()
    }
    this.rooms.clear()
  }
}
