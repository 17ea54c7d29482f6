import type { Workbook } from '@samplan/domain'

type Doc = Workbook['doc']

/**
 * The three Yjs calls a remote mirror makes. The formulas package reaches Yjs only through the domain, so
 * the app passes its own `import * as Y from 'yjs'` (one Yjs in the bundle, the one its docs come from).
 */
export interface YjsCalls {
  Doc: new () => Doc
  applyUpdate(doc: Doc, update: Uint8Array): void
  encodeStateAsUpdate(doc: Doc): Uint8Array
}
