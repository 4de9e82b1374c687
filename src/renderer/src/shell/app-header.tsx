/** The window's header: Back and the screen's name off the codes, then the window's actions. */
import { BackIcon, GearIcon, PlusIcon } from '../components/icons'
import { ExportButton } from '../features/export/export-button'
import { ImportButton } from '../features/import/import-button'
import { ScanButton } from '../features/scan/scan-dialog'
import { ServersToggle } from '../features/servers/servers-screen'
import { LockButton } from '../features/vault/lock-button'
import { useViewStore, type Screen } from '../stores/view'

export function AppHeader({ screen, title }: { screen: Screen; title: string }) {
  const setScreen = useViewStore((s) => s.setScreen)
  return (
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
      {screen !== 'codes' ? <p className="screen-title">{title}</p> : null}
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
        <ScanButton />
        <ServersToggle />
        <ImportButton />
        <ExportButton />
        <LockButton />
      </div>
    </header>
  )
}
