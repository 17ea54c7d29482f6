import { lazy, Suspense, type ReactNode } from 'react'
import type { AdminDialog as AdminDialogNow } from './admin/AdminDialog'
import type { PasswordDialog as PasswordDialogNow } from './admin/PasswordDialog'
import type { HistoryPanel as HistoryPanelNow } from './history/HistoryPanel'
import { messages } from './i18n'
import type { ImportDialog as ImportDialogNow } from './import/ImportDialog'
import type { ScenariosPanel as ScenariosPanelNow } from './scenarios/ScenariosPanel'
import type { VersionsDialog as VersionsDialogNow } from './versions/VersionsDialog'

// Each of these is its own chunk, fetched the first time it is shown, so the first load does not
// carry it; once loaded it is the component itself with the same props.
const LoadedVersionsDialog = lazy(() => import('./versions/VersionsDialog').then((m) => ({ default: m.VersionsDialog })))
const LoadedImportDialog = lazy(() => import('./import/ImportDialog').then((m) => ({ default: m.ImportDialog })))
const LoadedHistoryPanel = lazy(() => import('./history/HistoryPanel').then((m) => ({ default: m.HistoryPanel })))
const LoadedScenariosPanel = lazy(() => import('./scenarios/ScenariosPanel').then((m) => ({ default: m.ScenariosPanel })))
const LoadedAdminDialog = lazy(() => import('./admin/AdminDialog').then((m) => ({ default: m.AdminDialog })))
const LoadedPasswordDialog = lazy(() => import('./admin/PasswordDialog').then((m) => ({ default: m.PasswordDialog })))

type PropsOf<C> = C extends (props: infer P) => unknown ? P : never

/** A short loading text while the code arrives: over the page for a dialog (nothing moves), in place for a panel. */
function WhileLoading({ text, dialog, children }: { text: string; dialog: boolean; children: ReactNode }) {
  const fallback = (
    <p className={dialog ? 'sp-muted sp-on-demand-dialog' : 'sp-muted'} role="status">
      {text}
    </p>
  )
  return <Suspense fallback={fallback}>{children}</Suspense>
}

/** Arkiv > Versioner (and the roll-over it starts). */
export function VersionsDialog(props: PropsOf<typeof VersionsDialogNow>) {
  return (
    <WhileLoading text={messages(props.locale).loadingPart} dialog>
      <LoadedVersionsDialog {...props} />
    </WhileLoading>
  )
}

/** The xlsx import preview, opened from the export menu once a file is picked. */
export function ImportDialog(props: PropsOf<typeof ImportDialogNow>) {
  return (
    <WhileLoading text={messages(props.locale).loadingPart} dialog>
      <LoadedImportDialog {...props} />
    </WhileLoading>
  )
}

/** The cell panel's Historik tab. */
export function HistoryPanel(props: PropsOf<typeof HistoryPanelNow>) {
  return (
    <WhileLoading text={messages(props.locale).loadingPart} dialog={false}>
      <LoadedHistoryPanel {...props} />
    </WhileLoading>
  )
}

/** The scenario side panel. */
export function ScenariosPanel(props: PropsOf<typeof ScenariosPanelNow>) {
  return (
    <WhileLoading text={messages(props.locale).loadingPart} dialog={false}>
      <LoadedScenariosPanel {...props} />
    </WhileLoading>
  )
}

/** Arkiv > Administration, for admins. */
export function AdminDialog(props: PropsOf<typeof AdminDialogNow>) {
  return (
    <WhileLoading text={props.t.loadingPart} dialog>
      <LoadedAdminDialog {...props} />
    </WhileLoading>
  )
}

/** Arkiv > Byt lösenord. */
export function PasswordDialog(props: PropsOf<typeof PasswordDialogNow>) {
  return (
    <WhileLoading text={props.t.loadingPart} dialog>
      <LoadedPasswordDialog {...props} />
    </WhileLoading>
  )
}
