export { createFormulaEngine, engineConfig, HYPERFORMULA_LICENSE_KEY } from './engine'
export type { FormulaEngineOptions, FormulaLocale } from './engine'
export { errorDisplay, errorExplanation, errorTooltip } from './error-display'
export { FUNCTION_HELP, functionHelp } from './function-help'
export type { FunctionHelp, FunctionHelpText } from './function-help'
export { MirrorDestroyedError, RemoteEngineError } from './errors'
export { toCellComputed } from './mirror/computed'
export type { CellComputed } from './mirror/computed'
export { createWorkbookMirror } from './mirror/workbook-mirror'
export type { WorkbookMirror } from './mirror/workbook-mirror'
export { hostWorkbookMirror } from './remote/mirror-host'
export type { ChangedValue, FromEngine, MessagePortLike, SheetValues, ToEngine } from './remote/messages'
export { createRemoteMirror } from './remote/remote-mirror'
export type { RemoteMirror, RemoteMirrorOptions } from './remote/remote-mirror'
export type { YjsCalls } from './remote/yjs-calls'
export { ruleErrorMessage, swedishEngineMessage } from './error-messages'
export { registerSamplanFunctions, samplanFunctionNames, SWEDISH_LANGUAGE_CODE } from './register'
export { RsuPlugin, rsuTranslations } from './plugins/rsu-plugin'
export { SkolpengPlugin, skolpengTranslations } from './plugins/skolpeng-plugin'
export {
  StrukturelltUnderskottPlugin,
  strukturelltUnderskottTranslations,
} from './plugins/strukturellt-underskott-plugin'
export type { RuleError, RuleErrorCode, RuleResult } from './rules/rule-result'
export {
  RSU_GRANT_PER_ELEV_TKR_2024,
  RSU_PREMIUMS,
  rsuFee,
  rsuFundingGap,
  rsuGrant,
  rsuPotShare,
  rsuPremium,
} from './rules/rsu'
export type { GradeBands, RsuGroupBudget } from './rules/rsu'
export { DEFAULT_SKOLPENG_FLOOR, meetsFloor, schoolVoucherShare, SKOLPENG_FLOORS } from './rules/skolpeng'
export {
  DEFAULT_BALANCE_HORIZON_YEARS,
  deficitGrant,
  isStructuralDeficit,
  MAX_BALANCE_HORIZON_YEARS,
} from './rules/strukturellt-underskott'
