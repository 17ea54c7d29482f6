/**
 * A hand-written encoder of Yjs update bytes (v1 and v2), independent of the Yjs
 * client API, so tests can send exactly the structs an attacker would: copied ids,
 * borrowed origins, zero or huge lengths, repeated or unsorted client sections,
 * overlapping ranges. The byte layout follows yjs 13.6 (`UpdateEncoder.js`,
 * `encoding.js#writeStructs`, `Item#write`, the content classes' `write`,
 * `DeleteSet.js#writeDeleteSet`); `yjs-update-encoder.test.ts` proves it byte for byte.
 */
import * as encoding from 'lib0/encoding'

export interface StructId {
  client: number
  clock: number
}

/** The type a `ContentType` item creates (yjs `typeRefs` order). */
export type TypeName = 'array' | 'map' | 'text' | 'xmlElement' | 'xmlFragment' | 'xmlHook' | 'xmlText'

export type Content =
  /** ContentAny (ref 8): lib0 `writeAny` values. `declaredLength` overrides the written count (malformed bytes). */
  | { kind: 'any'; values: unknown[]; declaredLength?: number }
  /** ContentDeleted (ref 1): only a length, which may be 0 or huge. */
  | { kind: 'deleted'; length: number }
  /** ContentString (ref 4): length is the UTF-16 length. */
  | { kind: 'string'; value: string }
  /** ContentJSON (ref 2), the legacy array content. */
  | { kind: 'json'; values: unknown[]; declaredLength?: number }
  | { kind: 'binary'; value: Uint8Array }
  | { kind: 'embed'; value: unknown }
  | { kind: 'format'; key: string; value: unknown }
  /** ContentType (ref 7); `name` is the nodeName/hookName of xmlElement/xmlHook. */
  | { kind: 'type'; type: TypeName; name?: string }
  | { kind: 'doc'; guid: string; opts: Record<string, unknown> }

/**
 * An item; its id is implicit (section client, running clock). As in Yjs, parent and
 * parentSub are written only when the item has neither origin nor rightOrigin; with
 * an origin, parentSub only sets the info bit (Yjs re-derives it from the origin).
 */
export interface ItemStruct {
  kind: 'item'
  origin?: StructId | null
  rightOrigin?: StructId | null
  /** A root type's name, or the id of the item holding the parent type. */
  parent?: string | StructId | null
  parentSub?: string | null
  content: Content
  /** Replaces the computed info byte (malformed or misleading bytes). */
  info?: number
}

export interface GcStruct {
  kind: 'gc'
  length: number
}

export interface SkipStruct {
  kind: 'skip'
  length: number
}

export type Struct = ItemStruct | GcStruct | SkipStruct

/** One run of structs of one client, starting at `clock`. Sections may repeat, overlap or come in any order. */
export interface ClientSection {
  client: number
  clock: number
  structs: Struct[]
}

export interface DeleteRanges {
  client: number
  /** `[clock, length]` pairs, written in the given order. */
  ranges: Array<[number, number]>
}

export interface UpdateModel {
  clients: ClientSection[]
  deleteSet: DeleteRanges[]
}

const BIT6 = 1 << 5
const BIT7 = 1 << 6
const BIT8 = 1 << 7
const SKIP_REF = 10

const CONTENT_REF: Record<Content['kind'], number> = {
  deleted: 1,
  json: 2,
  binary: 3,
  string: 4,
  embed: 5,
  format: 6,
  type: 7,
  any: 8,
  doc: 9,
}

const TYPE_REF: Record<TypeName, number> = {
  array: 0,
  map: 1,
  text: 2,
  xmlElement: 3,
  xmlFragment: 4,
  xmlHook: 5,
  xmlText: 6,
}

/** How many clocks a content occupies (what Yjs' `getLength` returns). */
export function contentLength(content: Content): number {
  switch (content.kind) {
    case 'any':
    case 'json':
      return content.values.length
    case 'deleted':
      return content.length
    case 'string':
      return content.value.length
    default:
      return 1
  }
}

export function structLength(struct: Struct): number {
  return struct.kind === 'item' ? contentLength(struct.content) : struct.length
}

/** The ids a section's structs get: the clock runs on from the section's start. */
export function sectionIds(section: ClientSection): StructId[] {
  let clock = section.clock
  return section.structs.map((s) => {
    const id = { client: section.client, clock }
    clock += structLength(s)
    return id
  })
}

/**
 * The primitive writes of yjs' UpdateEncoderV1/V2. Only the v2 encoder splits
 * them into column streams; both put struct counts, clocks and the delete set
 * into the "rest" stream.
 */
interface Sink {
  readonly rest: encoding.Encoder
  client(client: number): void
  leftId(id: StructId): void
  rightId(id: StructId): void
  info(info: number): void
  string(s: string): void
  parentInfo(isRootName: boolean): void
  typeRef(ref: number): void
  len(len: number): void
  any(value: unknown): void
  buf(buf: Uint8Array): void
  json(value: unknown): void
  key(key: string): void
  resetDsClock(): void
  dsClock(clock: number): void
  dsLen(len: number): void
  toUint8Array(): Uint8Array
}

function v1Sink(): Sink {
  const rest = encoding.createEncoder()
  const uint = (n: number) => encoding.writeVarUint(rest, n)
  return {
    rest,
    client: uint,
    leftId: (id) => {
      uint(id.client)
      uint(id.clock)
    },
    rightId: (id) => {
      uint(id.client)
      uint(id.clock)
    },
    info: (info) => encoding.writeUint8(rest, info),
    string: (s) => encoding.writeVarString(rest, s),
    parentInfo: (isRootName) => uint(isRootName ? 1 : 0),
    typeRef: uint,
    len: uint,
    any: (value) => encoding.writeAny(rest, value as Parameters<typeof encoding.writeAny>[1]),
    buf: (buf) => encoding.writeVarUint8Array(rest, buf),
    json: (value) => encoding.writeVarString(rest, JSON.stringify(value)),
    key: (key) => encoding.writeVarString(rest, key),
    resetDsClock: () => undefined,
    dsClock: uint,
    dsLen: uint,
    toUint8Array: () => encoding.toUint8Array(rest),
  }
}

function v2Sink(): Sink {
  const rest = encoding.createEncoder()
  const keyClock = new encoding.IntDiffOptRleEncoder()
  const clients = new encoding.UintOptRleEncoder()
  const leftClock = new encoding.IntDiffOptRleEncoder()
  const rightClock = new encoding.IntDiffOptRleEncoder()
  const infos = new encoding.RleEncoder(encoding.writeUint8)
  const strings = new encoding.StringEncoder()
  const parentInfos = new encoding.RleEncoder(encoding.writeUint8)
  const typeRefs = new encoding.UintOptRleEncoder()
  const lens = new encoding.UintOptRleEncoder()
  // Yjs never caches keys (its keyMap is never filled), so every key gets a new key clock.
  let nextKeyClock = 0
  // The v2 delete set stores clocks as differences and lengths minus one.
  let dsCurrent = 0
  return {
    rest,
    client: (client) => clients.write(client),
    leftId: (id) => {
      clients.write(id.client)
      leftClock.write(id.clock)
    },
    rightId: (id) => {
      clients.write(id.client)
      rightClock.write(id.clock)
    },
    info: (info) => infos.write(info),
    string: (s) => strings.write(s),
    parentInfo: (isRootName) => parentInfos.write(isRootName ? 1 : 0),
    typeRef: (ref) => typeRefs.write(ref),
    len: (len) => lens.write(len),
    any: (value) => encoding.writeAny(rest, value as Parameters<typeof encoding.writeAny>[1]),
    buf: (buf) => encoding.writeVarUint8Array(rest, buf),
    json: (value) => encoding.writeAny(rest, value as Parameters<typeof encoding.writeAny>[1]),
    key: (key) => {
      keyClock.write(nextKeyClock++)
      strings.write(key)
    },
    resetDsClock: () => {
      dsCurrent = 0
    },
    dsClock: (clock) => {
      if (clock < dsCurrent) throw new Error(`v2 delete ranges must ascend: ${clock} after ${dsCurrent}`)
      encoding.writeVarUint(rest, clock - dsCurrent)
      dsCurrent = clock
    },
    dsLen: (len) => {
      if (len < 1) throw new Error('a v2 delete range cannot have length 0 (it is stored as length - 1)')
      encoding.writeVarUint(rest, len - 1)
      dsCurrent += len
    },
    toUint8Array: () => {
      const out = encoding.createEncoder()
      encoding.writeVarUint(out, 0) // feature flag, unused by yjs
      encoding.writeVarUint8Array(out, keyClock.toUint8Array())
      encoding.writeVarUint8Array(out, clients.toUint8Array())
      encoding.writeVarUint8Array(out, leftClock.toUint8Array())
      encoding.writeVarUint8Array(out, rightClock.toUint8Array())
      encoding.writeVarUint8Array(out, encoding.toUint8Array(infos))
      encoding.writeVarUint8Array(out, strings.toUint8Array())
      encoding.writeVarUint8Array(out, encoding.toUint8Array(parentInfos))
      encoding.writeVarUint8Array(out, typeRefs.toUint8Array())
      encoding.writeVarUint8Array(out, lens.toUint8Array())
      encoding.writeUint8Array(out, encoding.toUint8Array(rest)) // appended without a length
      return encoding.toUint8Array(out)
    },
  }
}

function writeContent(sink: Sink, content: Content): void {
  switch (content.kind) {
    case 'any':
      sink.len(content.declaredLength ?? content.values.length)
      for (const v of content.values) sink.any(v)
      return
    case 'json':
      sink.len(content.declaredLength ?? content.values.length)
      for (const v of content.values) sink.string(v === undefined ? 'undefined' : JSON.stringify(v))
      return
    case 'deleted':
      sink.len(content.length)
      return
    case 'string':
      sink.string(content.value)
      return
    case 'binary':
      sink.buf(content.value)
      return
    case 'embed':
      sink.json(content.value)
      return
    case 'format':
      sink.key(content.key)
      sink.json(content.value)
      return
    case 'type':
      sink.typeRef(TYPE_REF[content.type])
      if (content.type === 'xmlElement' || content.type === 'xmlHook') sink.key(content.name ?? 'undefined')
      return
    case 'doc':
      sink.string(content.guid)
      sink.any(content.opts)
      return
  }
}

function writeItem(sink: Sink, item: ItemStruct): void {
  const origin = item.origin ?? null
  const rightOrigin = item.rightOrigin ?? null
  const parentSub = item.parentSub ?? null
  const info =
    item.info ??
    (CONTENT_REF[item.content.kind] |
      (origin === null ? 0 : BIT8) |
      (rightOrigin === null ? 0 : BIT7) |
      (parentSub === null ? 0 : BIT6))
  sink.info(info)
  if (origin !== null) sink.leftId(origin)
  if (rightOrigin !== null) sink.rightId(rightOrigin)
  if (origin === null && rightOrigin === null) {
    const parent = item.parent ?? null
    if (parent === null) throw new Error('an item without origins needs a parent')
    if (typeof parent === 'string') {
      sink.parentInfo(true)
      sink.string(parent)
    } else {
      sink.parentInfo(false)
      sink.leftId(parent) // yjs writes a parent id through writeLeftID
    }
    if (parentSub !== null) sink.string(parentSub)
  }
  writeContent(sink, item.content)
}

function writeStruct(sink: Sink, struct: Struct): void {
  switch (struct.kind) {
    case 'item':
      return writeItem(sink, struct)
    case 'gc':
      sink.info(0)
      sink.len(struct.length)
      return
    case 'skip':
      sink.info(SKIP_REF)
      encoding.writeVarUint(sink.rest, struct.length) // Skip lengths bypass the len stream, as in Skip#write
      return
  }
}

function encodeWith(sink: Sink, model: UpdateModel): Uint8Array {
  encoding.writeVarUint(sink.rest, model.clients.length)
  for (const section of model.clients) {
    encoding.writeVarUint(sink.rest, section.structs.length)
    sink.client(section.client)
    encoding.writeVarUint(sink.rest, section.clock)
    for (const struct of section.structs) writeStruct(sink, struct)
  }
  encoding.writeVarUint(sink.rest, model.deleteSet.length)
  for (const { client, ranges } of model.deleteSet) {
    sink.resetDsClock()
    encoding.writeVarUint(sink.rest, client)
    encoding.writeVarUint(sink.rest, ranges.length)
    for (const [clock, len] of ranges) {
      sink.dsClock(clock)
      sink.dsLen(len)
    }
  }
  return sink.toUint8Array()
}

/** Update bytes in Yjs' v1 format (what y-websocket sends). */
export function encodeUpdateV1(model: UpdateModel): Uint8Array {
  return encodeWith(v1Sink(), model)
}

/** Update bytes in Yjs' v2 format; v2 cannot express descending or zero-length delete ranges. */
export function encodeUpdateV2(model: UpdateModel): Uint8Array {
  return encodeWith(v2Sink(), model)
}
