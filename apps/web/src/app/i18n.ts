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
  /** Notices beside a cell (apps/web/src/grid): a refused edit, a colleague's change while editing. */
  grid: {
    refused: {
      cannotChange: (address: string) => `Du kan inte ändra ${address}.`,
      beslutad: 'Arbetsboken är beslutad och skrivskyddad för alla.',
      inskickad: 'Arbetsboken är inskickad till nämnden och låst för ändringar. En administratör kan skicka tillbaka den till utkast.',
      notAllowed: 'Du har inte behörighet att ändra cellen.',
      readOnlyRole: 'Du är läsare och har bara läsbehörighet.',
      labelRow: 'Rubrikrader ändras inte i rutnätet.',
      lockedColumn: (column: string) => `Kolumnen ”${column}” är låst: den räknas fram eller är en etikett.`,
      outsideOwnColumn: (omrade: string | null) =>
        `Som områdeschef${omrade ? ` för ${omrade}` : ''} får du bara ändra RSU-platser${omrade ? ` för ${omrade}` : ''} (bladet RSU).`,
      otherOmrade: (omrade: string | null, rowOmrade: string | null) =>
        `Raden hör till ${rowOmrade ?? 'inget område'}; som områdeschef får du bara ändra RSU-platser för ${omrade ?? 'ditt område'}.`,
      typed: 'Det du skrev:',
      copy: 'Kopiera',
      close: 'Stäng',
    },
    conflict: {
      changedBy: (name: string, value: string) => `Ändrad av ${name}: ${value}`,
      clearedBy: (name: string) => `Tömd av ${name}`,
      takeTheirs: 'Ta deras',
      keepMine: 'Behåll mitt',
      aColleague: 'en kollega',
      youOverwrote: (value: string, name: string, time: string) => `Du skrev över ${value} från ${name} kl. ${time}`,
      overwroteYours: (name: string, value: string, time: string) => `${name} skrev över ditt värde ${value} kl. ${time}`,
    },
  },
  /** A formula refused at entry; a paste or fill that left cells alone (apps/web/src/grid/formula-entry.ts). */
  formulas: {
    fixOrEscape: 'Rätta formeln, eller tryck Esc för att lämna cellen som den var.',
    skipped: (count: number) =>
      count === 1 ? '1 cell ändrades inte: du får inte ändra den.' : `${count} celler ändrades inte: du får inte ändra dem.`,
    close: 'Stäng',
  },
  structure: {
    rowAbove: 'Infoga rad ovanför',
    rowBelow: 'Infoga rad nedanför',
    deleteRows: 'Ta bort rader',
    colLeft: 'Infoga kolumn till vänster',
    colRight: 'Infoga kolumn till höger',
    deleteCols: 'Ta bort kolumner',
  },
  versions: 'Versioner',
  versionName: 'Versionens namn, t.ex. Förvaltningens förslag',
  saveVersion: 'Spara version',
  saved: 'Versionen är sparad.',
  compare: 'Jämför med nu',
  restore: 'Återställ',
  restored: 'Versionen är återställd som en ny ändring.',
  changesSince: 'Ändringar sedan',
  close: 'Stäng',
  /** The workflow status with its consequence (header badge, versions dialog). */
  status: { utkast: 'Utkast', inskickad: 'Inskickad – låst för ändringar', beslutad: 'Beslutad – skrivskyddad' },
  /** An admin's badge while inskickad: the lock does not apply to them (SPEC R1). */
  statusInskickadAdmin: 'Inskickad – bara administratörer kan ändra',
  statusHint: {
    utkast: 'Utkast: ändringar sparas direkt, enligt var och ens behörighet.',
    inskickad:
      'Inskickad till nämnden: låst för ändringar för alla utom administratörer. En administratör kan skicka tillbaka arbetsboken till utkast eller markera den som beslutad. Kommentarer går att skriva.',
    beslutad: 'Beslutad: skrivskyddad för alla. Arbetsboken kan inte öppnas igen.',
  },
  confirmDecide: {
    title: 'Markera som beslutad?',
    body: 'Arbetsboken blir skrivskyddad för alla och kan inte öppnas igen. En version sparas.',
    versionName: (name: string) => `Versionen får namnet ”${name}”.`,
    cancel: 'Avbryt',
    confirm: 'Markera som beslutad',
  },
  statusAction: { utkast: 'Skicka tillbaka till utkast', inskickad: 'Skicka in', beslutad: 'Markera som beslutad' },
  rollOver: {
    action: (next: number, current: number) => `Ny verksamhetsplan ${next} från ${current}`,
    body: (next: number, current: number) =>
      `En ny arbetsbok skapas med samma blad, rader, formler och regler, med åren flyttade ett år fram (Budget ${next}, Budget ${current} …). Den här arbetsboken ändras inte; kommentarer, historik och versioner börjar om.`,
    newBudgetLegend: (next: number) => `Budget ${next} börjar`,
    copy: (current: number) => `med budget ${current}`,
    empty: () => 'tom',
    confirm: 'Skapa',
  },
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
  grid: {
    refused: {
      cannotChange: (address: string) => `You cannot change ${address}.`,
      beslutad: 'The workbook is decided and read-only for everyone.',
      inskickad: 'The workbook is submitted to the board and locked for changes. An administrator can send it back to draft.',
      notAllowed: 'You may not change this cell.',
      readOnlyRole: 'You are a reader and may only read.',
      labelRow: 'Header rows are not edited in the grid.',
      lockedColumn: (column: string) => `The column “${column}” is locked: it is computed or a label.`,
      outsideOwnColumn: (omrade: string | null) =>
        `As an area manager${omrade ? ` for ${omrade}` : ''} you may only change the RSU places${omrade ? ` of ${omrade}` : ''} (RSU sheet).`,
      otherOmrade: (omrade: string | null, rowOmrade: string | null) =>
        `The row belongs to ${rowOmrade ?? 'no area'}; as an area manager you may only change the RSU places of ${omrade ?? 'your area'}.`,
      typed: 'What you typed:',
      copy: 'Copy',
      close: 'Close',
    },
    conflict: {
      changedBy: (name: string, value: string) => `Changed by ${name}: ${value}`,
      clearedBy: (name: string) => `Cleared by ${name}`,
      takeTheirs: 'Take theirs',
      keepMine: 'Keep mine',
      aColleague: 'a colleague',
      youOverwrote: (value: string, name: string, time: string) => `You wrote over ${value} by ${name} at ${time}`,
      overwroteYours: (name: string, value: string, time: string) => `${name} wrote over your value ${value} at ${time}`,
    },
  },
  formulas: {
    fixOrEscape: 'Correct the formula, or press Esc to leave the cell as it was.',
    skipped: (count: number) =>
      count === 1 ? '1 cell was not changed: you may not change it.' : `${count} cells were not changed: you may not change them.`,
    close: 'Close',
  },
  structure: {
    rowAbove: 'Insert row above',
    rowBelow: 'Insert row below',
    deleteRows: 'Delete rows',
    colLeft: 'Insert column left',
    colRight: 'Insert column right',
    deleteCols: 'Delete columns',
  },
  versions: 'Versions',
  versionName: 'Version name, e.g. Administration proposal',
  saveVersion: 'Save version',
  saved: 'The version is saved.',
  compare: 'Compare with now',
  restore: 'Restore',
  restored: 'The version is restored as a new change.',
  changesSince: 'Changes since',
  close: 'Close',
  status: { utkast: 'Draft', inskickad: 'Submitted – locked for changes', beslutad: 'Decided – read-only' },
  statusInskickadAdmin: 'Submitted – only administrators can change it',
  statusHint: {
    utkast: 'Draft: changes are saved at once, within each person’s rights.',
    inskickad:
      'Submitted to the board: locked for changes for everyone but administrators. An administrator can send the workbook back to draft or mark it as decided. Comments can still be written.',
    beslutad: 'Decided: read-only for everyone. The workbook cannot be reopened.',
  },
  confirmDecide: {
    title: 'Mark as decided?',
    body: 'The workbook becomes read-only for everyone and cannot be reopened. A version is saved.',
    versionName: (name: string) => `The version is named “${name}”.`,
    cancel: 'Cancel',
    confirm: 'Mark as decided',
  },
  statusAction: { utkast: 'Send back to draft', inskickad: 'Submit', beslutad: 'Mark as decided' },
  rollOver: {
    action: (next: number, current: number) => `New plan ${next} from ${current}`,
    body: (next: number, current: number) =>
      `A new workbook is created with the same sheets, rows, formulas and rules, every year moved on by one (Budget ${next}, Budget ${current} …). This workbook is not changed; comments, history and versions start afresh.`,
    newBudgetLegend: (next: number) => `Budget ${next} starts`,
    copy: (current: number) => `from budget ${current}`,
    empty: () => 'empty',
    confirm: 'Create',
  },
}

export function messages(locale: UiLocale): Messages {
  return locale === 'en' ? en : sv
}
