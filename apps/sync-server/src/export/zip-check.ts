import { inflateRawSync } from 'node:zlib'

/** Bounds an uploaded xlsx must stay inside before any xlsx parser sees it. */
export interface ZipLimits {
  /** Total inflated size of all entries. */
  maxUncompressedBytes: number
  maxEntries: number
  /** Inflated/compressed ratio allowed for an entry larger than 1 MB. */
  maxRatio: number
}

export type ZipProblem = 'not-zip' | 'broken' | 'zip-bomb'

export type ZipCheck = { ok: true; entries: string[] } | { ok: false; problem: ZipProblem; detail: string }

const LOCAL = 0x04034b50
const CENTRAL = 0x02014b50
const END = 0x06054b50

/** Offset of the end-of-central-directory record, searched from the end (it may be followed by a comment). */
function findEnd(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === END) return i
  }
  return -1
}

/**
 * Walks a zip's central directory and inflates every entry with a hard output cap, so a zip
 * bomb (or a directory that lies about sizes) is refused without ever being expanded in full.
 * Zip64 is refused: an xlsx small enough to accept never needs it.
 */
export function checkZip(buf: Buffer, limits: ZipLimits): ZipCheck {
  if (buf.length < 22 || buf.readUInt32LE(0) !== LOCAL) return { ok: false, problem: 'not-zip', detail: 'ingen zip-signatur' }
  const end = findEnd(buf)
  if (end < 0) return { ok: false, problem: 'broken', detail: 'zip-katalogen saknas' }
  const count = buf.readUInt16LE(end + 10)
  const dirOffset = buf.readUInt32LE(end + 16)
  if (count === 0xffff || dirOffset === 0xffffffff) return { ok: false, problem: 'broken', detail: 'zip64 stöds inte' }
  if (count > limits.maxEntries) return { ok: false, problem: 'zip-bomb', detail: `${count} filer i arkivet` }
  const entries: string[] = []
  let total = 0
  let at = dirOffset
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL) return { ok: false, problem: 'broken', detail: 'trasig zip-katalog' }
    const method = buf.readUInt16LE(at + 10)
    const compressed = buf.readUInt32LE(at + 20)
    const declared = buf.readUInt32LE(at + 24)
    const nameLength = buf.readUInt16LE(at + 28)
    const next = at + 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32)
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8')
    const local = buf.readUInt32LE(at + 42)
    at = next
    entries.push(name)
    if (declared > 1_000_000 && declared / Math.max(1, compressed) > limits.maxRatio) {
      return { ok: false, problem: 'zip-bomb', detail: `${name} packas upp ${Math.round(declared / Math.max(1, compressed))} gånger` }
    }
    total += declared
    if (total > limits.maxUncompressedBytes) return { ok: false, problem: 'zip-bomb', detail: 'för mycket data uppackat' }
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) return { ok: false, problem: 'broken', detail: `trasig post ${name}` }
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    const data = buf.subarray(start, start + compressed)
    if (data.length !== compressed) return { ok: false, problem: 'broken', detail: `${name} är avkortad` }
    let actual: number
    if (method === 0) actual = data.length
    else if (method === 8) {
      try {
        // One byte over the declared size is enough to catch a directory that lies.
        actual = inflateRawSync(data, { maxOutputLength: Math.max(1, declared + 1) }).length
      } catch (err) {
        const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
        return tooBig
          ? { ok: false, problem: 'zip-bomb', detail: `${name} är större än angivet` }
          : { ok: false, problem: 'broken', detail: `${name} går inte att packa upp` }
      }
    } else return { ok: false, problem: 'broken', detail: `okänd komprimering i ${name}` }
    if (actual !== declared) return { ok: false, problem: 'zip-bomb', detail: `${name} har fel storlek` }
  }
  return { ok: true, entries }
}
