import type { Api } from '@samplan/domain'

/**
 * Which of a sheet's values to answer with: `since` (the state of an earlier answer) for only what
 * changed since, or `firstRows` for the formula cells of the sheet's first rows only (a first screen:
 * such an answer is not kept as the sheet's last, so it never becomes the base of a `since`).
 */
export interface ValuesAsk {
  since?: string
  firstRows?: number
}

/**
 * What the server posts to an engine worker, handled strictly in the order posted. A worker hosts
 * the engines of several rooms, so every message names its workbook.
 */
export type EngineRequest =
  /** Builds the room's engine on the doc's state, replacing any it had; always the room's first message. Answered `done` once built. */
  | { kind: 'open'; workbookId: string; id: number; state: Uint8Array }
  /** Updates the room accepted and applied to its live doc since the last batch, in the order it applied them; answered `done`. */
  | { kind: 'updates'; workbookId: string; id: number; updates: Uint8Array[] }
  /**
   * The computed values of a sheet (null: the first in order), after everything posted before; with `since`, only what
   * changed since the last answer for that sheet if that answer was at that state (computed-engine-diff.ts); with
   * `firstRows`, only the cells of that many first rows.
   */
  | ({ kind: 'values'; workbookId: string; id: number; sheetId: string | null } & ValuesAsk)
  /** The room unloaded: its engine is dropped. */
  | { kind: 'close'; workbookId: string }
  /** The workbooks whose engines the worker holds now, after everything posted before. */
  | { kind: 'hosted'; id: number }

/**
 * The worker's answer to a request that carries an id. A failed `values` means the room's engine is unusable;
 * `done` says an `open` or `updates` was handled (the room posts its next batch only then, so it sees when its engine falls behind).
 */
export type EngineReply =
  | { kind: 'done'; id: number }
  | { kind: 'values'; id: number; ok: true; sheet: Api.ComputedSheet | null }
  | { kind: 'values'; id: number; ok: false; message: string }
  | { kind: 'hosted'; id: number; workbookIds: string[] }
