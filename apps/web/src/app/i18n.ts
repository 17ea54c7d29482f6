/** UI language; formulas and number formats follow it (sv-SE: SUMMA, `;`, `20 684,1`). */
export type UiLocale = 'sv-SE' | 'en'

const sv = {
  appName: 'Samplan',
  loading: 'Laddar arbetsboken …',
  noWorkbooks: 'Det finns inga arbetsböcker.',
  online: 'Ansluten',
  offline: 'Frånkopplad',
  syncing: 'Synkroniserar …',
  connecting: 'Ansluter …',
  formulaBar: 'Formelfält',
  language: 'Språk',
  readOnly: 'Skrivskyddad',
  workbooks: 'Arbetsböcker',
  username: 'Användarnamn',
  password: 'Lösenord',
  signIn: 'Logga in',
  signOut: 'Logga ut',
  rejected: 'Servern avvisade din ändring',
  comments: 'Kommentarer',
  noComments: 'Inga kommentarer på cellen.',
  comment: 'Kommentera',
  reply: 'Svara',
  replying: 'Svar i tråden',
  writeComment: 'Skriv en kommentar …',
  delete: 'Ta bort',
  history: 'Historik',
  noHistory: 'Cellen har inte ändrats sedan arbetsboken skapades.',
}

export type Messages = typeof sv

const en: Messages = {
  appName: 'Samplan',
  loading: 'Loading the workbook …',
  noWorkbooks: 'There are no workbooks.',
  online: 'Connected',
  offline: 'Disconnected',
  syncing: 'Syncing …',
  connecting: 'Connecting …',
  formulaBar: 'Formula bar',
  language: 'Language',
  readOnly: 'Read-only',
  workbooks: 'Workbooks',
  username: 'User name',
  password: 'Password',
  signIn: 'Sign in',
  signOut: 'Sign out',
  rejected: 'The server refused your change',
  comments: 'Comments',
  noComments: 'No comments on this cell.',
  comment: 'Comment',
  reply: 'Reply',
  replying: 'Reply in thread',
  writeComment: 'Write a comment …',
  delete: 'Delete',
  history: 'History',
  noHistory: 'The cell has not changed since the workbook was created.',
}

export function messages(locale: UiLocale): Messages {
  return locale === 'en' ? en : sv
}
