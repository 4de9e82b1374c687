/**
 * The authenticator window: header, search, tag filter and the virtualised codes list; the Add and
 * Settings screens; the edit dialog and the toasts. Owns the one clock and the keyboard shortcuts.
 */
import { useEffect, useMemo, type ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { api } from '../../api'
import { BackIcon, GearIcon, PlusIcon, SortIcon } from '../../components/icons'
import { ToastRegion } from '../../components/toast-region'
import { allTags, filterAccounts, useAccountsStore } from '../../stores/accounts'
import { useClockStore } from '../../stores/clock'
import { useCodesStore } from '../../stores/codes'
import { useSettingsStore } from '../../stores/settings'
import { AddScreen } from '../add/add-screen'
import { ServersScreen } from '../servers/servers-screen'
import { SettingsScreen } from '../settings/settings-screen'
import { AccountDialog } from './account-dialog'
import { sortByName } from './actions'
import { CodesList } from './codes-list'
import { SearchBar } from './search-bar'
import { TagFilter } from './tag-filter'
import { focusSearch, isEditable, useViewStore, type Screen } from './view'
import './codes.css'

const TITLES: Record<Exclude<Screen, 'codes'>, string> = {
  add: 'Add account',
  settings: 'Settings',
  servers: 'Servers'
}

function useAppEffects(): void {
  useEffect(() => useClockStore.getState().start(), [])
  useEffect(
    () =>
      useClockStore.subscribe((s) => {
        if (s.visible) useCodesStore.getState().refreshIfStale(s.now)
      }),
    []
  )
  useEffect(() => {
    void useAccountsStore.getState().load()
    void useSettingsStore.getState().load()
    const offAccounts = api().on('accounts:changed', () => void useAccountsStore.getState().load())
    const offSettings = api().on('settings:changed', (s) => useSettingsStore.getState().received(s))
    return () => {
      offAccounts()
      offSettings()
    }
  }, [])

  const theme = useSettingsStore((s) => s.app.theme)
  useEffect(() => {
    const root = document.documentElement
    if (theme === 'system') delete root.dataset['theme']
    else root.dataset['theme'] = theme
  }, [theme])
}

/** `/` and Ctrl/Cmd+F focus search; typing anywhere outside a field searches; Esc goes back. */
function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || document.querySelector('dialog[open]')) return
      const view = useViewStore.getState()
      if (event.key === 'Escape' && view.screen !== 'codes') {
        event.preventDefault()
        view.setScreen('codes')
        return
      }
      if (view.screen !== 'codes') return
      const mod = event.ctrlKey || event.metaKey
      if (mod && !event.altKey && event.key.toLowerCase() === 'f') {
        event.preventDefault()
        focusSearch()
        return
      }
      if (isEditable(event.target)) return
      if (event.key === '/' && !mod && !event.altKey) {
        event.preventDefault()
        focusSearch()
        return
      }
      if (event.key.length === 1 && !mod && !event.altKey && event.key !== ' ') {
        event.preventDefault()
        view.setQuery(view.query + event.key)
        view.select(null)
        focusSearch()
        const input = document.activeElement
        if (input instanceof HTMLInputElement) {
          const end = input.value.length
          input.setSelectionRange(end, end)
        }
      }
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [])
}

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
        Add one with the setup link or key a site shows when you turn on two-factor sign-in.
      </p>
      <button type="button" className="primary" onClick={() => setScreen('add')}>
        <PlusIcon /> Add your first account
      </button>
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

/** `headerExtra`: more header controls (the vault's Lock button). */
export function CodesScreen({ headerExtra }: { headerExtra?: ReactNode }) {
  useAppEffects()
  useShortcuts()
  const { accounts, haystack, loaded, error } = useAccountsStore(
    useShallow((s) => ({
      accounts: s.accounts,
      haystack: s.haystack,
      loaded: s.loaded,
      error: s.error
    }))
  )
  const { screen, query, tag, editingId, setScreen } = useViewStore(
    useShallow((s) => ({
      screen: s.screen,
      query: s.query,
      tag: s.tag,
      editingId: s.editingId,
      setScreen: s.setScreen
    }))
  )
  const tags = useMemo(() => allTags(accounts), [accounts])
  const activeTag = tag !== null && tags.includes(tag) ? tag : null
  const shown = useMemo(
    () => filterAccounts(accounts, haystack, query, activeTag),
    [accounts, haystack, query, activeTag]
  )
  const editing = editingId ? accounts.find((a) => a.id === editingId) : undefined

  // Back from another screen (Back, Esc, a toggled header button): the control that had focus may
  // have gone with that screen, so keyboard users land on the search instead of the page's top.
  useEffect(() => {
    if (screen !== 'codes') return
    const active = document.activeElement
    if (!active || active === document.body) focusSearch()
  }, [screen])

  let body
  if (screen === 'add') body = <AddScreen />
  else if (screen === 'settings') body = <SettingsScreen />
  else if (screen === 'servers') body = <ServersScreen />
  else if (!loaded) {
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
    <div className="app">
      <header className="app-header">
        {screen !== 'codes' ? (
          <button
            type="button"
            className="icon-button"
            aria-label="Back to codes"
            onClick={() => setScreen('codes')}
          >
            <BackIcon />
          </button>
        ) : null}
        <h1>Tessera</h1>
        {screen !== 'codes' ? <p className="screen-title">{TITLES[screen]}</p> : null}
        <div className="header-actions">
          {screen === 'codes' ? (
            <button
              type="button"
              className="icon-button"
              aria-label="Add account"
              title="Add account"
              onClick={() => setScreen('add')}
            >
              <PlusIcon />
            </button>
          ) : null}
          <button
            type="button"
            className="icon-button"
            aria-label="Settings"
            aria-pressed={screen === 'settings'}
            title="Settings"
            onClick={() => setScreen(screen === 'settings' ? 'codes' : 'settings')}
          >
            <GearIcon />
          </button>
          {headerExtra}
        </div>
      </header>
      <main className="app-main" aria-label={screen === 'codes' ? 'Codes' : TITLES[screen]}>
        {body}
      </main>
      {editing ? <AccountDialog key={editing.id} account={editing} shown={shown} /> : null}
      <ToastRegion />
    </div>
  )
}
