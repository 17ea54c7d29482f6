import { applyTemplate, getWorkbookInfo, initWorkbook, openWorkbook, Origin, rollOverDoc, vp2024Template } from '@samplan/domain'
import * as Y from 'yjs'
import type { Store, WorkbookRecord } from './store'

/** The seeded workbook's id: stable so links and tests can name it. */
export const VP2024_WORKBOOK_ID = 'vp-2024'

export type TemplateName = 'vp2024' | 'empty'

export interface WorkbookService {
  create(title: string, template: TemplateName, id?: string): Promise<WorkbookRecord>
  /** Next year's plan from `source` as a new workbook (domain RO1-RO8); the source is only read. */
  rollOver(sourceId: string, source: Y.Doc, newBudget: 'copy' | 'empty'): Promise<WorkbookRecord>
  /** On first start (no workbooks stored) creates the VP 2024 workbook. */
  seedIfEmpty(): Promise<WorkbookRecord | undefined>
}

export function createWorkbookService(store: Store): WorkbookService {
  const service: WorkbookService = {
    async create(title, template, id = newWorkbookId()) {
      const doc = new Y.Doc()
      const workbook = openWorkbook(doc)
      if (template === 'vp2024') applyTemplate(workbook, { ...vp2024Template, title })
      initWorkbook(workbook, { title }, Origin.Seed)
      const record: WorkbookRecord = { id, title, createdAt: new Date().toISOString() }
      const state = Y.encodeStateAsUpdate(doc)
      doc.destroy()
      await store.createWorkbook(record, state)
      return record
    },
    async rollOver(sourceId, source, newBudget) {
      const rolled = rollOverDoc(source, { newBudget, sourceWorkbookId: sourceId })
      const title = getWorkbookInfo(openWorkbook(rolled.doc)).title
      const record: WorkbookRecord = { id: newWorkbookId(), title, createdAt: new Date().toISOString() }
      rolled.doc.destroy()
      await store.createWorkbook(record, rolled.update)
      return record
    },
    async seedIfEmpty() {
      if ((await store.listWorkbooks()).length > 0) return undefined
      return service.create(vp2024Template.title, 'vp2024', VP2024_WORKBOOK_ID)
    },
  }
  return service
}

function newWorkbookId(): string {
  return `wb-${crypto.randomUUID().slice(0, 8)}`
}
