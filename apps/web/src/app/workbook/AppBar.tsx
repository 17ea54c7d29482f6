import type { WorkbookStatus } from '@samplan/domain'
import type { ConnectionStatus } from '../../sync/connect'
import type { Peer } from '../../sync/presence'
import { roleLabel, type SessionUser } from '../auth/session'
import type { Messages, UiLocale } from '../i18n'
import type { Menu } from '../menus/menu-model'
import { MenuBar } from '../menus/MenuBar'
import { StatusBadge } from '../workflow/StatusBadge'

interface Props {
  t: Messages
  locale: UiLocale
  title: string
  connection: ConnectionStatus
  peers: readonly Peer[]
  status: WorkbookStatus
  user: SessionUser
  menus: readonly Menu[]
}

/** Colleagues shown by initials before the rest are counted as "+N". */
const SHOWN_PEERS = 3

/**
 * The header on one line: the workbook and its status, the menus, then the connection, who else
 * is here and who is signed in. Every part has a fixed or bounded width, so nothing wraps or
 * moves when colleagues come and go.
 */
export function AppBar({ t, locale, title, connection, peers, status, user, menus }: Props) {
  return (
    <header className="sp-header" data-testid="app-bar">
      <strong className="sp-title" title={title}>
        {title || t.loading}
      </strong>
      <StatusBadge t={t} status={status} role={user.role} testId="status-badge" />
      <MenuBar label={t.menus.bar} menus={menus} />
      <span className="sp-header-spacer" />
      <ConnectionBadge t={t} status={connection} />
      <PeerBadges t={t} peers={peers} />
      <span className="sp-user" data-testid="user" title={user.name}>
        {user.name} · {roleLabel[user.role][locale === 'en' ? 'en' : 'sv']}
        {user.omrade ? ` · ${user.omrade}` : ''}
      </span>
    </header>
  )
}

function ConnectionBadge({ t, status }: { t: Messages; status: ConnectionStatus }) {
  const text = { online: t.online, offline: t.offline, syncing: t.syncing, connecting: t.connecting }[status]
  return (
    <span className={`sp-status sp-status-${status}`} data-status={status}>
      {text}
    </span>
  )
}

/** Colleagues' initials in the colour the server gave each (their cursor on the grid has it too); names on hover and for screen readers. */
function PeerBadges({ t, peers }: { t: Messages; peers: readonly Peer[] }) {
  const shown = peers.slice(0, SHOWN_PEERS)
  const more = peers.slice(SHOWN_PEERS)
  const names = peers.map((p) => p.user.name).join(', ')
  return (
    <span className="sp-peers" data-testid="peers" title={names}>
      {names && <span className="sp-visually-hidden">{t.peers(names)}</span>}
      {shown.map((p) => (
        <span
          key={p.clientId}
          className="sp-peer-badge"
          style={{ background: p.user.color }}
          title={p.user.name}
          data-name={p.user.name}
          aria-hidden="true"
        >
          {initials(p.user.name)}
        </span>
      ))}
      {more.length > 0 && (
        <span
          className="sp-peer-badge sp-peer-more"
          title={`${t.morePeers(more.length)}: ${more.map((p) => p.user.name).join(', ')}`}
          aria-hidden="true"
        >
          +{more.length}
        </span>
      )}
    </span>
  )
}

/** `Eva Ekonom` -> `EE`; one name gives its first two letters. */
function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  if (words.length === 0) return '?'
  if (words.length === 1) return (words[0] ?? '').slice(0, 2).toUpperCase()
  return `${words[0]?.[0] ?? ''}${words[words.length - 1]?.[0] ?? ''}`.toUpperCase()
}
