export { Origin } from './origin'
export {
  ColumnNotFoundError,
  ImportPlanOutdatedError,
  IndexOutOfRangeError,
  InvalidSheetNameError,
  InvalidTemplateError,
  PlanYearUnknownError,
  RowNotFoundError,
  SheetNotFoundError,
  WorkbookNotEmptyError,
} from './errors'
export { newId } from './ids'

export { ColumnSpec, ColumnType, Editability, RowKind, RowSpec, SheetKind, Unit } from './schema/sheet'
export { TemplateCell, TemplateRow, TemplateSheet, WorkbookTemplate } from './schema/template'
export { Period, PeriodKind, PeriodVariant } from './schema/period'
export { WorkbookSource } from './schema/workbook-source'
export { defaultPeriodHeader, periodKey, periodLabel, rollPeriod } from './periods/period'

export { cellKey, isFormula, openWorkbook, splitCellKey } from './model/workbook'
export type { CellRef } from './model/workbook'
export type {
  CellInput,
  ColId,
  OpenWorkbookOptions,
  RowId,
  SheetId,
  Workbook,
  WorkbookStatus,
} from './model/workbook'
export {
  cellWriterClientId,
  findSheetByName,
  getCellInput,
  getCellNote,
  getSheetGrid,
  getWorkbookInfo,
  listSheets,
} from './model/read'
export { unplannedFormulaCells } from './model/unplanned'
export type { SheetGrid, SheetInfo } from './model/read'

export { initWorkbook, setWorkbookStatus, setWorkbookTitle } from './operations/workbook-info'
export {
  addSheet,
  checkSheetName,
  copyName,
  deleteSheet,
  duplicateSheet,
  freeSheetName,
  moveSheet,
  nextSheetName,
  renameSheet,
  setFrozenRows,
} from './operations/sheets'
export type { AddSheetInit } from './operations/sheets'
export {
  deleteColumns,
  deleteRows,
  insertColumns,
  insertRows,
  setColumnSpec,
  setRowSpec,
} from './operations/structure'
export { setCellFromText, setCellNote, setCells } from './operations/cells'
export type { CellEdit } from './operations/cells'
export { CopiedBlock, copyCells, fillCells, MAX_COPIED_CELLS, pasteCells } from './operations/copy-cells'
export type { CellRect, PasteOptions, PasteResult } from './operations/copy-cells'
export { applyTemplate } from './operations/template'
export { planRollOver, rollOver, rollOverDoc, workbookPlanYear } from './operations/rollover'
export type {
  ColumnRoll,
  ColumnRollPlan,
  RollOverDocOptions,
  RollOverOptions,
  RollOverPlan,
  SheetRollPlan,
} from './operations/rollover'
export { VP2024_RSU_OMRADEN, vp2024PrintedTotals, vp2024Template } from './templates/vp2024'
export type { PrintedTotal } from './templates/vp2024'

export { formulaFromA1, parseLocaleNumber, parseUserInput, renderInput, toEngineFormula } from './input/text'
export { formatCellValue, formatNumber } from './input/format'
export { validateInput } from './input/validate'
export { isKontrollDeviation, KONTROLL_MESSAGE } from './input/kontroll'
export type { CellValidation, ValidationCode } from './input/validate'
export { TEXT_SKIPPING_FUNCTIONS, textInSums } from './input/summed-text'
export type { SummedTextCell, SummedTextWarning } from './input/summed-text'

export {
  errorLiteral,
  FUNCTION_NAMES,
  functionNameToCanonical,
  functionNameToLocale,
  SAMPLAN_FUNCTIONS,
} from './formula/function-names'
export type { FormulaLocale } from './formula/function-names'
export { columnLetters, columnIndex } from './formula/a1'
export { qualifyFormula, shiftFormula } from './formula/shift'
export { checkFormulaSyntax } from './formula/syntax'
export type { FormulaSyntaxCheck, FormulaSyntaxCode } from './formula/syntax'

export { observeWorkbook } from './observe'
export { sameStateVector } from './model/state-vector'
export type { AxisDelta, CommentChange, WorkbookChange } from './observe'

export { canChangeStructure, canEditCell, checkUpdateTargets, INSKICKAD_DENIAL, statusLock } from './rights/rights'
export type { Actor, CellContext, RightsVerdict, RightsView, Role } from './rights/rights'
export { createRightsView } from './rights/rights-view'
export { stateAfter, UpdateGate } from './rights/update-gate'
export type { GateActor, GateVerdict, StateAfter } from './rights/update-gate'
export type { ClientIdOwners } from './rights/client-ids'
export { targetCells } from './rights/update-target'
export type { Change, UpdateTarget } from './rights/update-target'
export { describeCell, resolveCellAddress } from './model/cell-address'
export type { CellAddress } from './model/cell-address'
export { compareWorkbooks } from './versions/compare'
export { formatRecordedInput, localizeA1Formula } from './versions/recorded-input'
export type { CellDifference } from './versions/compare'
export { planRestore } from './versions/restore'
export type { RestoreSummary } from './versions/restore'
export { undoScope } from './model/undo-scope'
export {
  ImportAddedRow,
  ImportCell,
  ImportCellChange,
  ImportFile,
  ImportFileSheet,
  ImportPlan,
  ImportSheetPlan,
  ImportTargetChoice,
  ImportTargets,
} from './import/import-plan'
export { planImport } from './import/plan'
export type { PlanImportOptions } from './import/plan'
export { applyImportPlan } from './import/apply'
export type { ImportApplied } from './import/apply'
export { addComment, CellComment, cellThreads, commentedCells, deleteComment } from './comments/comments'
export type { CommentThread } from './comments/comments'
export { addChart, getChart, listCharts, observeCharts, removeChart, updateChart } from './charts/charts'
export { ChartKind, ChartRange, ChartSeriesIn, ChartSpec, DEFAULT_CHART_SIZE, TemplateChart } from './charts/chart-schema'
export type { ChartInit, ChartPatch } from './charts/chart-schema'
export { formatChartAxis, formatChartValue, readChartData } from './charts/chart-data'
export type { ChartCellValue, ChartData, ChartSeries, ChartValueAt } from './charts/chart-data'
export { chartFromSelection } from './charts/chart-selection'
export type { ChartFromSelection, GridRect } from './charts/chart-selection'
export { ChartNotFoundError, InvalidChartError } from './charts/chart-errors'
export { canOverrideCell, overrideDenial } from './rights/rights'
export {
  initScenario,
  listOverrides,
  overrideKey,
  readScenarioMeta,
  ScenarioMeta,
  ScenarioVisibility,
  updateScenarioMeta,
  writeOverrides,
} from './scenarios/scenario-doc'
export type { Override } from './scenarios/scenario-doc'
export { createScenarioView, planHasCell, planInput, resolveOverrides, SCENARIO_ORIGIN } from './scenarios/overlay'
export type { ResolvedOverrides, ScenarioView } from './scenarios/overlay'
export { compareScenario } from './scenarios/comparison'
export type { ComputedValue, ScenarioComparison, ScenarioDifference, ValueAt } from './scenarios/comparison'
export {
  APPLY_BACK_BESLUTAD_DENIAL,
  APPLY_BACK_INSKICKAD_DENIAL,
  APPLY_BACK_ROLE_DENIAL,
  applyBackToPlan,
  planApplyBack,
} from './scenarios/apply-back'
export type { ApplyBackPlan, SkippedOverride } from './scenarios/apply-back'
export { canManageScenario, canSeeScenario, overrideWriteDenial } from './scenarios/scenario-access'
export { formatScenarioAmount, formatScenarioPercent, formatScenarioValue } from './scenarios/difference-format'
export { scenarioExportWorkbook, scenarioSheetName } from './scenarios/export-workbook'

export {
  ACTION_DENIAL,
  API_ERROR_STATUS,
  ApiError,
  ApiErrorCode,
  canMoveStatus,
  CloseCode,
  mayTakeAction,
  NEXT_STATUS,
  Role as RoleSchema,
  WorkbookStatus as WorkbookStatusSchema,
} from './contract'
/** Bodies and answers of the HTTP API (SPEC, "The contract both apps share"). */
export * as Api from './contract/api'
export type { ApiAction } from './contract'
