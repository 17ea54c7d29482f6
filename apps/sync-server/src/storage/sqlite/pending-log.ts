import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs'
import { crc32 } from 'node:zlib'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { StorageUnavailableError } from '../errors'

/** A log entry with its seq, as the `updates` table will hold it. */
export interface PendingRow {
  seq: number
  workbookId: string
  update: Uint8Array
  userId: string | null
  /** ISO time of the entry's audit entries. */
  at: string
  /** The audit entries as the row carries them (`carriedAudit`), or null for none. */
  audit: string | null
  /** Client ids bound to `userId` with the entry. */
  bind: readonly number[]
}

/** Length and CRC-32 of a record's body, before it. */
const HEADER_BYTES = 8

/** The file beside a SQLite database that holds its pending log entries. */
export function pendingLogFile(databaseFile: string): string {
  return `${databaseFile}-pending`
}

/**
 * The log entries committed but not yet moved into the `updates` table, in a file of their own
 * (SQLite's storage when one server owns the file: open-sqlite.ts). A turn's entries are one record,
 * appended with one write: committing it is that write, where a SQLite transaction per turn took
 * its locks and wrote two to four pages of log. Both reach the same durability: in the operating
 * system's cache when the server goes on (SQLite's WAL with `synchronous = NORMAL` does not sync
 * at a commit either), so they survive the server's process dying, not the machine's power.
 * The store moves the entries into SQLite in batches and then empties the file; a record the
 * machine tore while writing it fails its checksum, and it and what follows are not read.
 */
export class PendingLog {
  private readonly fd: number | null
  /** The file's length after its last whole record: a failed write is cut back to it. */
  private size: number

  /** `file` null: the entries wait in memory only (a database in memory does not outlive the process either). */
  constructor(readonly file: string | null) {
    this.fd = file === null ? null : openSync(file, 'a')
    this.size = this.fd === null ? 0 : fstatSync(this.fd).size
  }

  /** Appends a turn's entries as one record; throws StorageUnavailableError, with the file as it was, when the write fails. */
  append(rows: readonly PendingRow[]): void {
    if (this.fd === null) return
    const body = encodeRows(rows)
    // Header and body in one buffer and one write: a write of several buffers cost more per record.
    const record = Buffer.allocUnsafe(HEADER_BYTES + body.length)
    record.writeUInt32LE(body.length, 0)
    record.writeUInt32LE(crc32(body), 4)
    record.set(body, HEADER_BYTES)
    try {
      const written = writeSync(this.fd, record)
      if (written !== record.length) throw new Error(`wrote ${written} of ${record.length} bytes`)
      this.size += written
    } catch (err) {
      // A torn record would hide every record after it: the file goes back to its last whole record.
      try {
        ftruncateSync(this.fd, this.size)
      } catch {}
      throw new StorageUnavailableError(`the pending log ${this.file} could not be written: ${(err as Error).message}`)
    }
  }

  /** Every record is in SQLite now. */
  clear(): void {
    if (this.fd === null || this.size === 0) return
    ftruncateSync(this.fd, 0)
    this.size = 0
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd)
  }
}

/** The rows of a pending log file, in the order written, up to its first torn or damaged record; none when there is no file. */
export function readPendingLog(file: string): PendingRow[] {
  if (!existsSync(file)) return []
  const bytes = readFileSync(file)
  const rows: PendingRow[] = []
  let at = 0
  while (at + HEADER_BYTES <= bytes.length) {
    const length = bytes.readUInt32LE(at)
    const sum = bytes.readUInt32LE(at + 4)
    const body = bytes.subarray(at + HEADER_BYTES, at + HEADER_BYTES + length)
    if (body.length !== length || crc32(body) !== sum) break
    const decoded = decodeRows(body)
    if (decoded === null) break
    rows.push(...decoded)
    at += HEADER_BYTES + length
  }
  return rows
}

function encodeRows(rows: readonly PendingRow[]): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, rows.length)
  for (const row of rows) {
    encoding.writeVarUint(e, row.seq)
    encoding.writeVarString(e, row.workbookId)
    encoding.writeVarUint8Array(e, row.update)
    writeOptionalString(e, row.userId)
    encoding.writeVarString(e, row.at)
    writeOptionalString(e, row.audit)
    encoding.writeVarUint(e, row.bind.length)
    for (const client of row.bind) encoding.writeVarUint(e, client)
  }
  return encoding.toUint8Array(e)
}

/** A record's rows, or null when its body does not read as one (a checksum that matched by chance). */
function decodeRows(body: Uint8Array): PendingRow[] | null {
  try {
    const d = decoding.createDecoder(body)
    const rows: PendingRow[] = []
    const count = decoding.readVarUint(d)
    for (let i = 0; i < count; i++) {
      const seq = decoding.readVarUint(d)
      const workbookId = decoding.readVarString(d)
      const update = decoding.readVarUint8Array(d).slice()
      const userId = readOptionalString(d)
      const at = decoding.readVarString(d)
      const audit = readOptionalString(d)
      const bind: number[] = []
      const clients = decoding.readVarUint(d)
      for (let c = 0; c < clients; c++) bind.push(decoding.readVarUint(d))
      rows.push({ seq, workbookId, update, userId, at, audit, bind })
    }
    return decoding.hasContent(d) ? null : rows
  } catch {
    return null
  }
}

function writeOptionalString(e: encoding.Encoder, value: string | null): void {
  encoding.writeVarUint(e, value === null ? 0 : 1)
  if (value !== null) encoding.writeVarString(e, value)
}

function readOptionalString(d: decoding.Decoder): string | null {
  return decoding.readVarUint(d) === 0 ? null : decoding.readVarString(d)
}
