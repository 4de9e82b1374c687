/**
 * The codes screen: search, tag filter and the virtualised codes list (or the empty and no-match
 * states), and the edit dialog of the account picked in it. The shell (shell/app-shell.tsx) shows
 * it while the view store's screen is 'codes'.
 */
import { ClockWarning } from './clock-warning'
import { useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { ImportIcon, KeyIcon, ScanIcon, SortIcon } from '../../components/icons'
import { openImport, openScan } from '../entry-points'
import { allTags, filterAccounts, useAccountsStore } from '../../stores/accounts'
import { useViewStore } from '../../stores/view'
import { AccountDialog } from './account-dialog'
import { sortByName } from './actions'
import { CodesList } from './codes-list'
import { SearchBar } from './search-bar'
import { focusSearch } from './search-focus'
import { TagFilter } from './tag-filter'
import './codes.css'

function EmptyState() {
  const setScreen = useViewStore((s) => s.setScreen)
  return (
    <div className="empty">
      <div className="empty-art" aria-hidden="true">
        <span />
        <span />
        <span />
      </div>
      <p className="empty-title">No accounts yet.</p>
      <p className="muted">
        When a site shows a QR code as you turn on two-factor sign-in, scan it. Coming from another
        authenticator app? Import its accounts.
      </p>
      <div className="empty-actions">
        <button type="button" className="primary" onClick={openScan}>
          <ScanIcon /> Scan a QR code
        </button>
        <button type="button" className="secondary" onClick={openImport}>
          <ImportIcon /> Import from another app
        </button>
        <button type="button" className="ghost" onClick={() => setScreen('add')}>
          <KeyIcon /> Enter a setup key or link
        </button>
      </div>
    </div>
  )
}

function NoMatches({ query, tag }: { query: string; tag: string | null }) {
  const { setQuery, setTag } = useViewStore(
    useShallow((s) => ({ setQuery: s.setQuery, setTag: s.setTag }))
  )
  return (
    <div className="empty">
      <p className="empty-title">
        Nothing matches {query ? `“${query}”` : ''}
        {query && tag ? ' in ' : ''}
        {tag ? `#${tag}` : ''}.
      </p>
      <p className="muted">Search looks at the service, the account name and tags.</p>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          setQuery('')
          setTag(null)
          focusSearch()
        }}
      >
        Show all accounts
      </button>
    </div>
  )
}

export function CodesScreen() {
  const { accounts, haystack, loaded, error } = useAccountsStore(
    useShallow((s) => ({
      accounts: s.accounts,
      haystack: s.haystack,
      loaded: s.loaded,
      error: s.error
    }))
  )
  const { query, tag, editingId } = useViewStore(
    useShallow((s) => ({ query: s.query, tag: s.tag, editingId: s.editingId }))
  )
  const tags = useMemo(() => allTags(accounts), [accounts])
  const activeTag = tag !== null && tags.includes(tag) ? tag : null
  const shown = useMemo(
    () => filterAccounts(accounts, haystack, query, activeTag),
    [accounts, haystack, query, activeTag]
  )
  const editing = editingId ? accounts.find((a) => a.id === editingId) : undefined

  let body
  if (!loaded) {
    body = (
      <p className="muted screen" role="status">
        Loading accounts…
      </p>
    )
  } else if (error) {
    body = (
      <p className="field-error screen" role="alert">
        {error.message}
      </p>
    )
  } else if (accounts.length === 0) body = <EmptyState />
  else {
    body = (
      <>
        <div className="toolbar">
          <SearchBar shown={shown} total={accounts.length} />
          <button
            type="button"
            className="icon-button"
            aria-label="Sort accounts by name"
            title="Sort by name"
            onClick={() => void sortByName()}
          >
            <SortIcon />
          </button>
        </div>
        <TagFilter tags={tags} />
        {shown.length === 0 ? (
          <NoMatches query={query} tag={activeTag} />
        ) : (
          <CodesList shown={shown} />
        )}
      </>
    )
  }

  return (
    <>
      <ClockWarning />
      {body}
      {editing ? <AccountDialog key={editing.id} account={editing} shown={shown} /> : null}
    </>
  )
}
