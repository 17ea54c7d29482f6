import { Api } from '@samplan/domain'
import { NO_CONTENT, type ApiClient } from '../../api/client'

/** The scenario routes of one workbook (domain SPEC SC1-SC8), read through the contract's schemas. */
export function scenarioApi(api: ApiClient, workbookId: string) {
  const base = `/api/workbooks/${encodeURIComponent(workbookId)}/scenarios`
  const one = (id: string) => `${base}/${encodeURIComponent(id)}`
  return {
    list: () => api.get(base, Api.ScenarioList),
    create: (name: string, visibility: 'private' | 'shared') =>
      api.post(base, Api.ScenarioDetail, { name, visibility } satisfies Api.CreateScenarioRequest),
    get: (id: string) => api.get(one(id), Api.ScenarioDetail),
    /** The scenario if it changed since the version `etag` names; null while unchanged (SC10). */
    ifChanged: (id: string, etag: string | null) => api.getIfChanged(one(id), Api.ScenarioDetail, etag),
    /** A new name or visibility, for its owner (and an admin of a shared one), SC8. */
    update: (id: string, change: Api.UpdateScenarioRequest) => api.send('PATCH', one(id), Api.ScenarioDetail, change),
    /** Deletes the scenario for everyone (its stored log stays as its audit trail), SC8. */
    remove: (id: string) => api.send('DELETE', one(id), NO_CONTENT),
    /** Sets overrides and gives cells back to the plan; the server judges them as the plan's cells (SC6). */
    overrides: (id: string, set: Api.ScenarioOverride[], remove: Api.ScenarioCell[] = []) =>
      api.post(`${one(id)}/overrides`, Api.ScenarioDetail, { set, remove }),
    /** A download of the comparison: the Konsekvensbeskrivning (pdf) or both sets of formulas (xlsx), SC9. */
    exportLink: (id: string, format: 'pdf' | 'xlsx', locale: 'sv-SE' | 'en') => api.link(`${one(id)}/export`, { format, locale }),
  }
}

export type ScenarioApi = ReturnType<typeof scenarioApi>
