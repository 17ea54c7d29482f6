import type { CellComputed } from '../mirror/computed'

/**
 * What a worker (or any other end of a message port) and the page say to each other. Plain data only,
 * so it crosses `postMessage` by structured clone; `Uint8Array`s are Yjs updates.
 */
export interface MessagePortLike {
  postMessage(message: unknown): void
  onmessage: ((event: { data: unknown }) => void) | null
}

/**
 * The computed values of one sheet's formula cells: each cell is `[row index, column index, value]`
 * into `rows` and `cols` (the sheet's row and column ids in order). The server's `Api.ComputedSheet`
 * has this shape too, so its answer seeds the page's values as the engine's snapshot does.
 */
export interface SheetValues {
  sheetId: string
  rows: string[]
  cols: string[]
  cells: [number, number, CellComputed][]
}

/** A cell whose value changed, with its new value: `[sheetId, rowId, colId, value]`. */
export type ChangedValue = [string, string, string, CellComputed]

/**
 * From the page to the engine: the doc's whole state once, then every update in the order the doc had them;
 * `build` once the doc can be shown (the engine builds from the doc as it then is, not from a half-synced one).
 */
export type ToEngine =
  | { type: 'open'; state: Uint8Array }
  | { type: 'update'; seq: number; update: Uint8Array }
  | { type: 'build' }
  | { type: 'close' }

/**
 * From the engine to the page. `ready` carries every formula cell's value once the engine is built, as of
 * update `seq` (0: the opening state); `applied` answers each update after that with the cells it changed.
 */
export type FromEngine =
  | { type: 'ready'; seq: number; sheets: SheetValues[] }
  | { type: 'applied'; seq: number; changed: ChangedValue[] }
  | { type: 'failed'; message: string }
