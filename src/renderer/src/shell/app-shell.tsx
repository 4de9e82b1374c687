/**
 * The authenticator window's frame: the header, the one screen the view store names, the toasts
 * and the window-wide dialogs. Screens are features; the shell only switches between them and
 * owns what happens across them (the clock, the theme, the shortcuts, focus on a screen change).
 */
import { useEffect } from 'react'
import { ToastRegion } from '../components/toast-region'
import { AddScreen } from '../features/add/add-screen'
import { CodesScreen } from '../features/codes/codes-screen'
import { focusSearch } from '../features/codes/search-focus'
import { ExportHost } from '../features/export/export-host'
import { ImportHost } from '../features/import/import-host'
import { ScanDialog } from '../features/scan/scan-dialog'
import { ServersScreen } from '../features/servers/servers-screen'
import { SettingsScreen } from '../features/settings/settings-screen'
import { useViewStore, type Screen } from '../stores/view'
import { AppHeader } from './app-header'
import { useAppEffects } from './use-app-effects'
import { useShortcuts } from './use-shortcuts'
import { useLinks } from '../features/links/use-links'
import { ShortcutsSheet } from '../features/shortcuts/shortcuts-sheet'
import { useDesktopCommands } from './desktop-commands'
import '../features/codes/codes.css'

/** Each screen's name: the header's breadcrumb and the main landmark's label. */
export const SCREEN_TITLES: Record<Screen, string> = {
  codes: 'Codes',
  add: 'Add account',
  settings: 'Settings',
  servers: 'Servers'
}

function ScreenBody({ screen }: { screen: Screen }) {
  switch (screen) {
    case 'add':
      return <AddScreen />
    case 'settings':
      return <SettingsScreen />
    case 'servers':
      return <ServersScreen />
    default:
      return <CodesScreen />
  }
}

export function AppShell() {
  useAppEffects()
  useShortcuts()
  useLinks()
  useDesktopCommands()
  const screen = useViewStore((s) => s.screen)

  // Back from another screen (Back, Esc, a toggled header button): the control that had focus may
  // have gone with that screen, so keyboard users land on the search instead of the page's top.
  useEffect(() => {
    if (screen !== 'codes') return
    const active = document.activeElement
    if (!active || active === document.body) focusSearch()
  }, [screen])

  return (
    <>
      <div className="app">
        <AppHeader screen={screen} title={SCREEN_TITLES[screen]} />
        <main className="app-main" aria-label={SCREEN_TITLES[screen]}>
          <ScreenBody screen={screen} />
        </main>
        <ToastRegion />
      </div>
      <ScanDialog />
      <ShortcutsSheet />
      <ImportHost />
      <ExportHost />
    </>
  )
}
