/** UI language; formulas and number formats follow it (sv-SE: SUMMA, `;`, `20 684,1`). */
export type UiLocale = 'sv-SE' | 'en'

const sv = {
  appName: 'Samplan',
  loading: 'Laddar arbetsboken …',
  noWorkbooks: 'Det finns inga arbetsböcker.',
  online: 'Ansluten',
  offline: 'Frånkopplad',
  syncing: 'Synkroniserar …',
  formulaBar: 'Formelfält',
  language: 'Språk',
  readOnly: 'Skrivskyddad',
  workbooks: 'Arbetsböcker',
}

export type Messages = typeof sv

const en: Messages = {
  appName: 'Samplan',
  loading: 'Loading the workbook …',
  noWorkbooks: 'There are no workbooks.',
  online: 'Connected',
  offline: 'Disconnected',
  syncing: 'Syncing …',
  formulaBar: 'Formula bar',
  language: 'Language',
  readOnly: 'Read-only',
  workbooks: 'Workbooks',
}

export function messages(locale: UiLocale): Messages {
  return locale === 'en' ? en : sv
}
