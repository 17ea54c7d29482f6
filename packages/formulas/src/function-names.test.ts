import { errorLiteral, FUNCTION_NAMES, SAMPLAN_FUNCTIONS } from '@samplan/domain'
import { enGB, svSE } from 'hyperformula/i18n/languages'
import { describe, expect, it } from 'vitest'

// The domain keeps HyperFormula's Swedish names as data (it must not load the engine); they must stay HyperFormula's.
describe("the domain's copies of HyperFormula's tables", () => {
  it("[FM13] every HyperFormula function has the Swedish name of HyperFormula's svSE pack", () => {
    const builtIn = Object.fromEntries(Object.entries(FUNCTION_NAMES).filter(([name]) => !(name in SAMPLAN_FUNCTIONS)))
    expect(builtIn).toEqual(svSE.functions)
  })

  it("[FM13] every error literal is HyperFormula's, in Swedish and English", () => {
    for (const [type, text] of Object.entries(svSE.errors)) expect(errorLiteral(type, 'sv-SE')).toBe(text)
    for (const [type, text] of Object.entries(enGB.errors)) expect(errorLiteral(type, 'en')).toBe(text)
  })
})
