/**
 * The window's header: Back and the screen's name off the codes, then three controls: Add (a
 * split button: Add account, or its menu of Scan QR / Enter a key or link / Import), Menu
 * (Import, Export, Servers, Settings) and Lock. One button style; the only "active" look is an
 * open menu's, and the screen shown is named by the breadcrumb and marked in the menu.
 */
import {
  BackIcon,
  ChevronDownIcon,
  ExportIcon,
  GearIcon,
  ImportIcon,
  KeyIcon,
  MenuIcon,
  PlusIcon,
  ScanIcon,
  ServersIcon
} from '../components/icons'
import { MenuButton, type MenuItem } from '../components/menu-button'
import { LockButton } from '../features/vault/lock-button'
import { useViewStore, type Screen } from '../stores/view'
import { openAddScreen, openExport, openImport, openScan } from '../features/entry-points'
import './header.css'

/** The three ways to add, in the order a new user is most likely to need them. */
export const ADD_ITEMS: MenuItem[] = [
  {
    id: 'scan',
    label: 'Scan QR code',
    hint: 'On your screen or in an image',
    icon: <ScanIcon />,
    onSelect: openScan
  },
  {
    id: 'manual',
    label: 'Enter a key or link',
    hint: 'The setup key or otpauth:// link',
    icon: <KeyIcon />,
    onSelect: openAddScreen
  },
  {
    id: 'import',
    label: 'Import from another app',
    hint: 'Aegis, 2FAS, Google Authenticator…',
    icon: <ImportIcon />,
    onSelect: openImport
  }
]

function AddSplitButton() {
  return (
    <div className="split-button" role="group" aria-label="Add">
      <button
        type="button"
        className="header-button split-main"
        title="Add an account"
        onClick={openAddScreen}
      >
        <PlusIcon />
        <span className="header-button-label">Add account</span>
      </button>
      <MenuButton
        label="More ways to add"
        title="More ways to add: scan, enter, import"
        className="header-button split-toggle"
        items={ADD_ITEMS}
      >
        <ChevronDownIcon />
      </MenuButton>
    </div>
  )
}

function AppMenu({ screen }: { screen: Screen }) {
  const setScreen = useViewStore((s) => s.setScreen)
  const items: MenuItem[] = [
    { id: 'import', label: 'Import…', icon: <ImportIcon />, onSelect: openImport },
    { id: 'export', label: 'Export…', icon: <ExportIcon />, onSelect: openExport },
    {
      id: 'servers',
      label: 'Servers',
      icon: <ServersIcon />,
      current: screen === 'servers',
      onSelect: () => setScreen('servers')
    },
    {
      id: 'settings',
      label: 'Settings',
      icon: <GearIcon />,
      current: screen === 'settings',
      onSelect: () => setScreen('settings')
    }
  ]
  return (
    <MenuButton
      label="Menu"
      title="Import, export, servers, settings"
      className="header-button"
      items={items}
    >
      <MenuIcon />
      <span className="header-button-label always">Menu</span>
    </MenuButton>
  )
}

export function AppHeader({ screen, title }: { screen: Screen; title: string }) {
  const setScreen = useViewStore((s) => s.setScreen)
  return (
    <header className="app-header">
      {screen !== 'codes' ? (
        <button
          type="button"
          className="header-button back-button"
          aria-label="Back to codes"
          title="Back to codes (Esc)"
          onClick={() => setScreen('codes')}
        >
          <BackIcon />
        </button>
      ) : null}
      <h1>Tessera</h1>
      {screen !== 'codes' ? <p className="screen-title">{title}</p> : null}
      <div className="header-actions">
        {screen === 'codes' ? <AddSplitButton /> : null}
        <AppMenu screen={screen} />
        <LockButton />
      </div>
    </header>
  )
}
