/**
 * The kinds of crafted update the fuzzer sends, each built from the live
 * server state (a mirror of it): copied ids, borrowed origins, right origins and
 * parents, GC and Skip structs, overlapping ranges, zero and huge lengths,
 * delete sets over others' items, gaps and what fills them later, repeated and
 * unsorted client sections, and v2 bytes sent as v1. Every kind is something
 * Yjs decodes; the server must judge what it would do.
 */
import type { Rng } from '@samplan/domain/testing'
import * as Y from 'yjs'
import { copyOf, idOf, lastIdOf, type Declared } from './crafted-updates'
import { cellsRoot, platserKeysOf, type WorkbookLayout } from './workbook-layout'
import type { ClientSection, Content, ItemStruct, Struct, UpdateModel } from './yjs-update-encoder'

export type FuzzUser = 'chef1' | 'lasare'

/** A client whose clocks `from .. from+length-1` were skipped by an update; a later update may fill them. */
export interface Gap {
  client: number
  from: number
  length: number
  user: FuzzUser
}

export interface Crafted {
  kind: string
  user: FuzzUser
  model: UpdateModel
  /** Send the v2 encoding in a v1 update message. */
  v2AsV1?: boolean
  /** A gap this update leaves, if the server were to hold it. */
  plants?: Gap
}

export interface KindContext {
  rng: Rng
  mirror: Y.Doc
  layout: WorkbookLayout
  /** A client id the document has never seen. */
  fresh(): number
  /** Client ids in the document that `user` does not own. */
  foreignClients(user: FuzzUser): number[]
  /** Client ids bound to `user` (by its accepted updates). */
  ownClients(user: FuzzUser): number[]
  gaps: Gap[]
}

const VALUES: unknown[] = [0, 1, -1, 3.5, 1e308, 'x', '=1+1', '', true, null, { a: 1 }, [1, 2], 'beslutad', '<img src=x onerror=alert(1)>']

const any = (...values: unknown[]): Content => ({ kind: 'any', values })
const stateOf = (ctx: KindContext, client: number) => Y.getState(ctx.mirror.store, client)
const value = (ctx: KindContext) => ctx.rng.pick(VALUES)

/** Chef1's own RSU-platser cell (while one exists), the cell every crafted chef update pretends to write. */
function ownDeclared(ctx: KindContext): Declared {
  const own = platserKeysOf(ctx.layout, 'Område 1')
  const rsu = cellsRoot(ctx.layout.rsuSheetId)
  return { parent: rsu, parentSub: own.length > 0 ? ctx.rng.pick(own) : `${ctx.layout.platserColId}:none` }
}

interface Target {
  root: string
  key: string | null
  item: Y.Item
}

/** A visible item somewhere in the document, biased towards the status, other områden's RSU cells and budget cells. */
function pickTarget(ctx: KindContext): Target {
  const { rng, mirror, layout } = ctx
  const bias = rng.int(4)
  const roots =
    bias === 0
      ? ['workbook']
      : bias === 1
        ? [cellsRoot(layout.rsuSheetId)]
        : bias === 2
          ? [cellsRoot(layout.budgetSheetId)]
          : [...mirror.share.keys()]
  for (let attempt = 0; attempt < 20; attempt++) {
    const root = rng.pick(roots)
    const type = mirror.share.get(root) as Y.AbstractType<unknown> | undefined
    if (!type) continue
    const entries = [...type._map].filter(([, item]) => !item.deleted)
    const list: Y.Item[] = []
    for (let item = type._start; item !== null; item = item.right) if (!item.deleted) list.push(item)
    if (entries.length > 0 && (list.length === 0 || rng.bool())) {
      const [key, item] = rng.pick(entries)
      return { root, key, item }
    }
    if (list.length > 0) return { root, key: null, item: rng.pick(list) }
  }
  const status = (mirror.share.get('workbook') as Y.AbstractType<unknown>)._map.get('status') as Y.Item
  return { root: 'workbook', key: 'status', item: status }
}

/** Any item of the store, deleted or not (GC structs are skipped). */
function pickAnyItem(ctx: KindContext): Y.Item {
  for (let attempt = 0; attempt < 20; attempt++) {
    const clients = [...ctx.mirror.store.clients.values()]
    const structs = ctx.rng.pick(clients)
    const struct = structs[ctx.rng.int(structs.length)]
    if (struct instanceof Y.Item) return struct
  }
  return pickTarget(ctx).item
}

/** Where a crafted item claims to go: chef1's own cell, the target's real place, anywhere, or an unknown root. */
function pickDeclared(ctx: KindContext, target?: Target): Declared {
  switch (ctx.rng.int(4)) {
    case 0:
      return target ? { parent: target.root, parentSub: target.key } : ownDeclared(ctx)
    case 1: {
      const root = ctx.rng.pick([...ctx.mirror.share.keys()])
      const keys = [...(ctx.mirror.share.get(root) as Y.AbstractType<unknown>)._map.keys()]
      return { parent: root, parentSub: keys.length > 0 && ctx.rng.bool() ? ctx.rng.pick(keys) : null }
    }
    case 2:
      return { parent: 'okänd:rot', parentSub: 'x' }
    default:
      return ownDeclared(ctx)
  }
}

function declaredItem(declared: Declared, content: Content): ItemStruct {
  return { kind: 'item', parent: declared.parent, parentSub: declared.parentSub, content }
}

/** A client id for structs: foreign (someone else's), own (bound to the sender) or fresh. */
function pickClient(ctx: KindContext, user: FuzzUser): number {
  const foreign = ctx.foreignClients(user)
  const own = ctx.ownClients(user)
  const r = ctx.rng.int(10)
  if (r < 5 && foreign.length > 0) return ctx.rng.pick(foreign)
  if (r < 7 && own.length > 0) return ctx.rng.pick(own)
  return ctx.fresh()
}

const model = (clients: ClientSection[], deleteSet: UpdateModel['deleteSet'] = []): UpdateModel => ({ clients, deleteSet })

/** A kind builds an update for `user` (or names another sender), or null when the state offers nothing to build on. */
export type KindBuilder = (ctx: KindContext, user: FuzzUser) => (Omit<Crafted, 'kind' | 'user'> & { user?: FuzzUser }) | null

export const KINDS: Record<string, KindBuilder> = {
  'copied id + delete set': (ctx) => {
    const target = ctx.rng.bool(0.8) ? pickTarget(ctx) : { root: '', key: null, item: pickAnyItem(ctx) }
    const { item } = target
    const declared = pickDeclared(ctx, target.root ? target : undefined)
    return { model: model([copyOf(item, declared)], [{ client: item.id.client, ranges: [[item.id.clock, item.length]] }]) }
  },

  'borrowed origin': (ctx) => {
    const target = pickTarget(ctx)
    const sections: ClientSection[] = ctx.rng.bool() ? [copyOf(target.item, ownDeclared(ctx))] : []
    const borrowed: ItemStruct = { kind: 'item', origin: lastIdOf(target.item), parentSub: target.key, content: any(value(ctx)) }
    sections.push({ client: ctx.fresh(), clock: 0, structs: [borrowed] })
    return { model: model(sections) }
  },

  'borrowed right origin': (ctx) => {
    const target = pickTarget(ctx)
    const sections: ClientSection[] = ctx.rng.bool() ? [copyOf(target.item, ownDeclared(ctx))] : []
    const origin = ctx.rng.bool(0.3) ? lastIdOf(pickAnyItem(ctx)) : null
    const borrowed: ItemStruct = { kind: 'item', origin, rightOrigin: idOf(target.item), parentSub: target.key, content: any(value(ctx)) }
    sections.push({ client: ctx.fresh(), clock: 0, structs: [borrowed] })
    return { model: model(sections) }
  },

  'borrowed parent id': (ctx) => {
    const parent = idOf(pickAnyItem(ctx))
    const parentSub = ctx.rng.bool() ? ownDeclared(ctx).parentSub : null
    return { model: model([{ client: ctx.fresh(), clock: 0, structs: [{ kind: 'item', parent, parentSub, content: any(value(ctx)) }] }]) }
  },

  'declared foreign write': (ctx) => {
    const target = pickTarget(ctx)
    const declared = ctx.rng.bool(0.8) ? { parent: target.root, parentSub: target.key } : pickDeclared(ctx)
    const content: Content = ctx.rng.bool(0.8) ? any(value(ctx)) : { kind: 'type', type: ctx.rng.pick(['map', 'array', 'text'] as const) }
    return { model: model([{ client: ctx.fresh(), clock: 0, structs: [declaredItem(declared, content)] }]) }
  },

  'GC struct': (ctx, user) => {
    const client = pickClient(ctx, user)
    const state = stateOf(ctx, client)
    const { clock, length } = clockRange(ctx, state)
    return { model: model([{ client, clock, structs: [{ kind: 'gc', length }] }]) }
  },

  'Skip struct': (ctx, user) => {
    const client = pickClient(ctx, user)
    const state = stateOf(ctx, client)
    const { clock, length } = clockRange(ctx, state)
    const structs: Struct[] = [{ kind: 'skip', length }]
    // A skip followed by an item claims the item sits after clocks nobody sent.
    if (ctx.rng.bool()) structs.push(declaredItem(ownDeclared(ctx), any(value(ctx))))
    return { model: model([{ client, clock, structs }]) }
  },

  'overlapping range': (ctx, user) => {
    const candidates = [...ctx.foreignClients(user), ...ctx.ownClients(user)].filter((c) => stateOf(ctx, c) > 0)
    if (candidates.length === 0) return null
    const client = ctx.rng.pick(candidates)
    const state = stateOf(ctx, client)
    const back = 1 + ctx.rng.int(Math.min(state, 3))
    const values = Array.from({ length: back + 1 + ctx.rng.int(3) }, () => value(ctx))
    return { model: model([{ client, clock: state - back, structs: [declaredItem(pickDeclared(ctx), any(...values))] }]) }
  },

  'zero length': (ctx, user) => {
    const client = ctx.rng.bool() ? ctx.fresh() : pickClient(ctx, user)
    const contents: Content[] = [{ kind: 'deleted', length: 0 }, any(), { kind: 'string', value: '' }, { kind: 'json', values: [] }]
    const declared = ctx.rng.bool() ? { parent: 'workbook', parentSub: 'status' } : pickDeclared(ctx)
    const structs: Struct[] = [declaredItem(declared, ctx.rng.pick(contents))]
    if (ctx.rng.bool(0.3)) structs.push({ kind: 'gc', length: 0 })
    return { model: model([{ client, clock: stateOf(ctx, client), structs }]) }
  },

  'huge length': (ctx) => {
    const huge = 2 ** (20 + ctx.rng.int(21))
    const client = ctx.fresh()
    const shapes: Struct[] = [
      declaredItem(ctx.rng.bool() ? ownDeclared(ctx) : pickDeclared(ctx), { kind: 'deleted', length: huge }),
      { kind: 'gc', length: huge },
      { kind: 'skip', length: huge },
      // A count the bytes do not hold: Yjs fails to decode it.
      declaredItem(ownDeclared(ctx), { kind: 'any', values: [1], declaredLength: huge }),
    ]
    return { model: model([{ client, clock: 0, structs: [ctx.rng.pick(shapes)] }]) }
  },

  'foreign delete set': (ctx, user) => {
    const ranges: Array<[number, number]> = []
    let client = 0
    if (ctx.rng.bool(0.7)) {
      const target = ctx.rng.bool(0.7) ? pickTarget(ctx).item : pickAnyItem(ctx)
      client = target.id.client
      ranges.push([target.id.clock, target.length])
    } else {
      client = pickClient(ctx, user)
      const state = stateOf(ctx, client)
      ranges.push([Math.max(0, state - ctx.rng.int(3)), ctx.rng.int(5)])
    }
    if (ctx.rng.bool(0.3)) ranges.push([ranges[0]![0], ranges[0]![1] + 1]) // overlapping ranges
    if (ctx.rng.bool(0.2)) ranges.reverse()
    return { model: model([], [{ client, ranges }]) }
  },

  gap: (ctx, user) => {
    const client = ctx.fresh()
    const from = 0
    const length = 1 + ctx.rng.int(5)
    const structs: Struct[] = [declaredItem(ownDeclared(ctx), any(value(ctx)))]
    const deleteSet = ctx.rng.bool(0.2) ? [{ client, ranges: [[length + 1, 1] as [number, number]] }] : []
    return { model: model([{ client, clock: length, structs }], deleteSet), plants: { client, from, length, user } }
  },

  'gap filler': (ctx) => {
    if (ctx.gaps.length === 0) return null
    const gap = ctx.rng.pick(ctx.gaps)
    const fill: Struct[][] = [
      [{ kind: 'gc', length: gap.length }],
      [{ kind: 'skip', length: gap.length }],
      [declaredItem(ownDeclared(ctx), any(...Array.from({ length: gap.length }, () => value(ctx))))],
      [declaredItem(ownDeclared(ctx), { kind: 'deleted', length: gap.length })],
    ]
    // Mostly the user who left the gap fills it, as a held change would be released.
    const user: FuzzUser = ctx.rng.bool(0.8) ? gap.user : gap.user === 'chef1' ? 'lasare' : 'chef1'
    return { user, model: model([{ client: gap.client, clock: gap.from, structs: ctx.rng.pick(fill) }]) }
  },

  'repeated sections': (ctx) => {
    const client = ctx.fresh()
    const own = ownDeclared(ctx)
    const first: ClientSection = { client, clock: 0, structs: [declaredItem(own, any(value(ctx)))] }
    const target = pickTarget(ctx)
    const harmful: ClientSection = {
      client,
      clock: ctx.rng.pick([0, 1]),
      structs: [ctx.rng.bool() ? declaredItem({ parent: target.root, parentSub: target.key }, any(value(ctx))) : { kind: 'item', origin: lastIdOf(target.item), parentSub: target.key, content: any(value(ctx)) }],
    }
    const between: ClientSection = { client: ctx.fresh(), clock: 0, structs: [declaredItem(own, any(value(ctx)))] }
    const orders = [[first, harmful], [harmful, first], [first, between, harmful], [harmful, between, first]]
    return { model: model(ctx.rng.pick(orders)) }
  },
}

/** A clock range around `state`: ahead of it, straddling it, inside it, or far beyond it. */
function clockRange(ctx: KindContext, state: number): { clock: number; length: number } {
  switch (ctx.rng.int(4)) {
    case 0:
      return { clock: state, length: 1 + ctx.rng.int(10) }
    case 1:
      return state > 0 ? { clock: state - 1, length: 2 + ctx.rng.int(5) } : { clock: 0, length: 1 }
    case 2:
      return state > 1 ? { clock: ctx.rng.int(state - 1), length: 1 } : { clock: state, length: 1 }
    default:
      return { clock: state + 1 + ctx.rng.int(5), length: 1 + ctx.rng.int(3) }
  }
}

/** The kinds in a stable order (the rng picks by index). */
export const KIND_NAMES = Object.keys(KINDS)
