import { FUNCTION_NAMES } from '@samplan/domain'
import { describe, expect, it } from 'vitest'
import { FUNCTION_HELP, functionHelp } from './function-help'
import { samplanFunctionNames } from './register'

describe('function help', () => {
  it('[FH1] every registered Samplan function has a Swedish and an English description', () => {
    for (const name of samplanFunctionNames()) {
      expect(functionHelp(name, 'sv-SE')?.description, name).toMatch(/\S/)
      expect(functionHelp(name, 'en')?.description, name).toMatch(/\S/)
    }
  })

  it('[FH2] every function with help is known and names its arguments alike in both languages', () => {
    for (const [name, entry] of Object.entries(FUNCTION_HELP)) {
      expect(FUNCTION_NAMES[name], name).toBeDefined()
      expect(entry.sv.args.length, name).toBe(entry.en.args.length)
      expect(entry.sv.description).not.toBe(entry.en.description)
    }
  })

  it('[FH1] reads SCHOOLVOUCHERSHARE in Swedish with its two arguments', () => {
    expect(functionHelp('schoolvouchershare', 'sv-SE')).toEqual({
      description: 'Skolpeng per elev som andel av KF:s schablon.',
      args: ['skolpeng', 'schablon'],
    })
    expect(functionHelp('NOSUCHFUNCTION', 'sv-SE')).toBeUndefined()
  })
})
