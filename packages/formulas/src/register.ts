import { HyperFormula } from 'hyperformula'
import { svSE } from 'hyperformula/i18n/languages'
import { RsuPlugin, rsuTranslations } from './plugins/rsu-plugin'
import { SkolpengPlugin, skolpengTranslations } from './plugins/skolpeng-plugin'
import {
  StrukturelltUnderskottPlugin,
  strukturelltUnderskottTranslations,
} from './plugins/strukturellt-underskott-plugin'

/** HyperFormula's code for the Swedish language pack. */
export const SWEDISH_LANGUAGE_CODE = 'svSE'

const PLUGINS = [
  { plugin: SkolpengPlugin, translations: skolpengTranslations },
  { plugin: RsuPlugin, translations: rsuTranslations },
  { plugin: StrukturelltUnderskottPlugin, translations: strukturelltUnderskottTranslations },
] as const

/**
 * Registers the Swedish language and every Samplan function plugin with HyperFormula, once per
 * process. HyperFormula keeps both in static registries and throws on a second registerLanguage, so
 * every engine factory calls this instead of registering by hand. The language goes first: a plugin's
 * translations only reach languages registered before it.
 */
export function registerSamplanFunctions(): void {
  if (!HyperFormula.getRegisteredLanguagesCodes().includes(SWEDISH_LANGUAGE_CODE)) {
    HyperFormula.registerLanguage(SWEDISH_LANGUAGE_CODE, svSE)
  }
  for (const { plugin, translations } of PLUGINS) {
    const [firstFunction] = Object.keys(plugin.implementedFunctions)
    if (firstFunction !== undefined && HyperFormula.getFunctionPlugin(firstFunction) === plugin) continue
    HyperFormula.registerFunctionPlugin(plugin, translations)
  }
}

/** Canonical (English) names of every Samplan function, for docs and function lists. */
export function samplanFunctionNames(): string[] {
  return PLUGINS.flatMap(({ plugin }) => Object.keys(plugin.implementedFunctions))
}
