import type { FunctionPlugin } from 'hyperformula'

// HyperFormula's root does not export ProcedureAst or InterpreterState; derive them from a public method.
type PluginFunction = Parameters<typeof FunctionPlugin.prototype['runFunction']>

/** The AST arguments of a custom function call, as HyperFormula passes them. */
export type FormulaArgs = PluginFunction[0]
/** HyperFormula's interpreter state, passed through to runFunction untouched. */
export type EvaluationState = PluginFunction[1]
/** The call node HyperFormula gives a plugin method; only `args` is read. */
export interface FormulaCall {
  readonly args: FormulaArgs
}
/** What a plugin method returns: a value, a CellError, or an array when HyperFormula vectorizes a call. */
export type FormulaValue = ReturnType<typeof FunctionPlugin.prototype['runFunction']>
