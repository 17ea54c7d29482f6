/** What a user reads about a function while typing it: a one-line description and the argument names. */
export interface FunctionHelpText {
  description: string
  /** Argument names in order; an optional one is written `[namn]`, a repeating one ends with `…`. */
  args: readonly string[]
}

/** Help in both UI languages for one function, keyed by its canonical (English) name. */
export interface FunctionHelp {
  sv: FunctionHelpText
  en: FunctionHelpText
}

const help = (svDescription: string, svArgs: string[], enDescription: string, enArgs: string[]): FunctionHelp => ({
  sv: { description: svDescription, args: svArgs },
  en: { description: enDescription, args: enArgs },
})

/**
 * Help for the functions the formula autocomplete offers (formulas SPEC FH1-FH3): every Samplan
 * function and the built-in functions a budget workbook uses. Keys are canonical English names, the
 * same as `FUNCTION_NAMES` in @samplan/domain, which gives each its Swedish name.
 */
export const FUNCTION_HELP: Readonly<Record<string, FunctionHelp>> = {
  SCHOOLVOUCHERSHARE: help(
    'Skolpeng per elev som andel av KF:s schablon.',
    ['skolpeng', 'schablon'],
    'School voucher per pupil as a share of the council’s standard amount.',
    ['voucher', 'standard'],
  ),
  MEETSFLOOR: help(
    'SANT när andelen når golvet (standard 0,71).',
    ['andel', '[golv]'],
    'TRUE when the share reaches the floor (default 0.71).',
    ['share', '[floor]'],
  ),
  RSUPREMIUM: help(
    'Premie i kr till RSU-potten, efter elever och premie per årskursband.',
    ['elever_F3', 'elever_4_6', 'elever_7_9', 'premie_F3', 'premie_4_6', 'premie_7_9'],
    'Premium in SEK to the RSU pot, by pupils and premium per grade band.',
    ['pupils_F3', 'pupils_4_6', 'pupils_7_9', 'premium_F3', 'premium_4_6', 'premium_7_9'],
  ),
  RSUPOTSHARE: help(
    'Gruppens andel av RSU-potten efter antal platser.',
    ['pott_kr', 'gruppens_platser', 'alla_platser'],
    'The group’s share of the RSU pot by number of places.',
    ['pot_sek', 'group_places', 'total_places'],
  ),
  RSUGRANT: help(
    'RSU-bidrag i tkr för placerade elever.',
    ['placerade_elever', 'bidrag_per_elev_tkr'],
    'RSU grant in kSEK for placed pupils.',
    ['placed_pupils', 'grant_per_pupil_ksek'],
  ),
  RSUFEE: help(
    'Avgift per elev för RSU-gruppen, 0 vid överskott.',
    ['gruppens_kostnader', 'pottandel', 'skolpeng_och_fritids', 'rsu_bidrag', 'kunskapsbidrag', 'placerade_elever'],
    'Fee per pupil for the RSU group, 0 on a surplus.',
    ['group_costs', 'pot_share', 'voucher_and_after_school', 'rsu_grant', 'knowledge_grant', 'placed_pupils'],
  ),
  STRUCTURALDEFICIT: help(
    'SANT när inget år i horisonten går i balans (strukturellt underskott).',
    ['intäkter', 'kostnader', '[år]'],
    'TRUE when no year of the horizon balances (structural deficit).',
    ['revenue', 'costs', '[years]'],
  ),
  DEFICITGRANT: help(
    'Underskottsanslag: kostnader minus intäkter, minst 0.',
    ['intäkter', 'kostnader'],
    'Deficit grant: costs minus revenue, at least 0.',
    ['revenue', 'costs'],
  ),
  SUM: help('Summerar talen.', ['tal1', '[tal2]…'], 'Adds the numbers.', ['number1', '[number2]…']),
  AVERAGE: help('Medelvärdet av talen.', ['tal1', '[tal2]…'], 'The average of the numbers.', ['number1', '[number2]…']),
  MIN: help('Det minsta talet.', ['tal1', '[tal2]…'], 'The smallest number.', ['number1', '[number2]…']),
  MAX: help('Det största talet.', ['tal1', '[tal2]…'], 'The largest number.', ['number1', '[number2]…']),
  MEDIAN: help('Medianen av talen.', ['tal1', '[tal2]…'], 'The median of the numbers.', ['number1', '[number2]…']),
  COUNT: help('Räknar celler som innehåller tal.', ['värde1', '[värde2]…'], 'Counts cells that hold numbers.', ['value1', '[value2]…']),
  COUNTA: help('Räknar celler som inte är tomma.', ['värde1', '[värde2]…'], 'Counts cells that are not empty.', ['value1', '[value2]…']),
  COUNTIF: help('Räknar celler som uppfyller villkoret.', ['område', 'villkor'], 'Counts cells that meet the criterion.', [
    'range',
    'criterion',
  ]),
  COUNTIFS: help(
    'Räknar celler som uppfyller alla villkor.',
    ['villkorsområde1', 'villkor1', '[villkorsområde2; villkor2]…'],
    'Counts cells that meet every criterion.',
    ['criteria_range1', 'criterion1', '[criteria_range2, criterion2]…'],
  ),
  SUMIF: help(
    'Summerar celler som uppfyller villkoret.',
    ['område', 'villkor', '[summaområde]'],
    'Adds the cells that meet the criterion.',
    ['range', 'criterion', '[sum_range]'],
  ),
  SUMIFS: help(
    'Summerar celler som uppfyller alla villkor.',
    ['summaområde', 'villkorsområde1', 'villkor1', '[villkorsområde2; villkor2]…'],
    'Adds the cells that meet every criterion.',
    ['sum_range', 'criteria_range1', 'criterion1', '[criteria_range2, criterion2]…'],
  ),
  AVERAGEIF: help(
    'Medelvärdet av celler som uppfyller villkoret.',
    ['område', 'villkor', '[medelområde]'],
    'The average of the cells that meet the criterion.',
    ['range', 'criterion', '[average_range]'],
  ),
  SUMPRODUCT: help(
    'Summan av produkterna av motsvarande värden.',
    ['matris1', '[matris2]…'],
    'The sum of the products of corresponding values.',
    ['array1', '[array2]…'],
  ),
  PRODUCT: help('Multiplicerar talen.', ['tal1', '[tal2]…'], 'Multiplies the numbers.', ['number1', '[number2]…']),
  IF: help(
    'Ett värde om villkoret är sant, ett annat om det är falskt.',
    ['villkor', 'om_sant', '[om_falskt]'],
    'One value if the condition is true, another if it is false.',
    ['condition', 'if_true', '[if_false]'],
  ),
  IFERROR: help('Värdet, eller ett annat värde om det är ett fel.', ['värde', 'om_fel'], 'The value, or another if it is an error.', [
    'value',
    'if_error',
  ]),
  AND: help('SANT om alla villkor är sanna.', ['villkor1', '[villkor2]…'], 'TRUE if every condition is true.', [
    'condition1',
    '[condition2]…',
  ]),
  OR: help('SANT om något villkor är sant.', ['villkor1', '[villkor2]…'], 'TRUE if any condition is true.', [
    'condition1',
    '[condition2]…',
  ]),
  NOT: help('Vänder ett logiskt värde.', ['villkor'], 'Reverses a logical value.', ['condition']),
  ROUND: help('Avrundar till angivet antal decimaler.', ['tal', 'decimaler'], 'Rounds to the given number of decimals.', [
    'number',
    'decimals',
  ]),
  ROUNDUP: help('Avrundar uppåt, bort från noll.', ['tal', 'decimaler'], 'Rounds up, away from zero.', ['number', 'decimals']),
  ROUNDDOWN: help('Avrundar nedåt, mot noll.', ['tal', 'decimaler'], 'Rounds down, towards zero.', ['number', 'decimals']),
  INT: help('Avrundar nedåt till närmaste heltal.', ['tal'], 'Rounds down to the nearest integer.', ['number']),
  MOD: help('Resten vid division.', ['tal', 'divisor'], 'The remainder of a division.', ['number', 'divisor']),
  ABS: help('Talets absolutbelopp.', ['tal'], 'The absolute value of the number.', ['number']),
  VLOOKUP: help(
    'Letar upp ett värde i första kolumnen och returnerar värdet i en annan kolumn.',
    ['letauppvärde', 'tabell', 'kolumnindex', '[ungefärlig]'],
    'Looks up a value in the first column and returns the value in another column.',
    ['lookup_value', 'table', 'column_index', '[approximate]'],
  ),
  HLOOKUP: help(
    'Letar upp ett värde i första raden och returnerar värdet i en annan rad.',
    ['letauppvärde', 'tabell', 'radindex', '[ungefärlig]'],
    'Looks up a value in the first row and returns the value in another row.',
    ['lookup_value', 'table', 'row_index', '[approximate]'],
  ),
  XLOOKUP: help(
    'Letar upp ett värde i ett område och returnerar motsvarande värde i ett annat.',
    ['letauppvärde', 'letauppområde', 'returområde', '[om_saknas]'],
    'Looks up a value in a range and returns the matching value from another.',
    ['lookup_value', 'lookup_range', 'return_range', '[if_not_found]'],
  ),
  INDEX: help(
    'Värdet på en given rad och kolumn i ett område.',
    ['område', 'rad', '[kolumn]'],
    'The value at a row and column of a range.',
    ['range', 'row', '[column]'],
  ),
  MATCH: help('Positionen för ett värde i ett område.', ['letauppvärde', 'område', '[typ]'], 'The position of a value in a range.', [
    'lookup_value',
    'range',
    '[type]',
  ]),
  CHOOSE: help('Väljer ett värde ur listan efter index.', ['index', 'värde1', '[värde2]…'], 'Picks a value from the list by index.', [
    'index',
    'value1',
    '[value2]…',
  ]),
  CONCATENATE: help('Sammanfogar texter.', ['text1', '[text2]…'], 'Joins texts.', ['text1', '[text2]…']),
  TEXT: help('Formaterar ett tal som text.', ['värde', 'format'], 'Formats a number as text.', ['value', 'format']),
  LEFT: help('Tecknen längst till vänster i en text.', ['text', '[antal]'], 'The leftmost characters of a text.', ['text', '[count]']),
  RIGHT: help('Tecknen längst till höger i en text.', ['text', '[antal]'], 'The rightmost characters of a text.', ['text', '[count]']),
  MID: help('Tecken mitt i en text.', ['text', 'start', 'antal'], 'Characters from the middle of a text.', ['text', 'start', 'count']),
  LEN: help('Antalet tecken i en text.', ['text'], 'The number of characters in a text.', ['text']),
  TODAY: help('Dagens datum.', [], 'Today’s date.', []),
  YEAR: help('Året i ett datum.', ['datum'], 'The year of a date.', ['date']),
  ISBLANK: help('SANT om cellen är tom.', ['värde'], 'TRUE if the cell is empty.', ['value']),
  ISNUMBER: help('SANT om värdet är ett tal.', ['värde'], 'TRUE if the value is a number.', ['value']),
}

/** The help for a canonical function name in a UI language, or undefined for a function without help. */
export function functionHelp(canonicalName: string, locale: 'sv-SE' | 'en'): FunctionHelpText | undefined {
  const entry = FUNCTION_HELP[canonicalName.toUpperCase()]
  return entry && (locale === 'en' ? entry.en : entry.sv)
}
