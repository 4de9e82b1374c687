/**
 * What the tray menu and the application menu hold, as plain data: which commands, in which
 * order, with which accelerators, enabled or not, for each vault state and OS. The Electron shell
 * (src/main/app/menus.ts) turns the model into native menus; unit tests read the model.
 */
import type { DesktopPlatform } from '../../../shared/accelerator'
import { MENU_ACCELERATORS, type DesktopCommand } from '../../../shared/desktop'

export { MENU_ACCELERATORS }
import type { VaultState } from '../../../shared/ipc/vault'

/** Electron's standard menu roles that Tessera uses (the OS does the work). */
export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'close'
  | 'front'

export type MenuModelItem =
  | {
      type: 'command'
      command: DesktopCommand
      label: string
      /** Electron accelerator text, shown beside the label. */
      accelerator?: string
      /**
       * False: the accelerator is only shown (it is a global shortcut, or a key the window
       * handles itself), the menu does not claim it.
       */
      registerAccelerator?: boolean
      enabled: boolean
    }
  | { type: 'role'; role: MenuRole; label?: string }
  | { type: 'separator' }
  /** A line that only informs ("Tessera is locked"). */
  | { type: 'note'; label: string }
  | {
      type: 'submenu'
      label: string
      /** The macOS app menu and the Window / Help menus get the OS's own treatment by role. */
      role?: 'appMenu' | 'fileMenu' | 'editMenu' | 'viewMenu' | 'windowMenu' | 'help'
      items: MenuModelItem[]
    }

export interface TrayMenuState {
  vault: VaultState
  /** The global shortcut that opens Quick copy, shown beside it (null: none). */
  quickCopyShortcut: string | null
}

const separator: MenuModelItem = { type: 'separator' }

/**
 * The tray (menu bar) menu. Unlocked: Open Tessera, Quick copy…, Scan QR from screen, Lock now,
 * Quit. Locked: the first line says so, and Quick copy and Scan say they unlock first (the
 * window asks for the password or the keychain, then carries on). Before a vault exists, or with
 * a damaged one, only opening the window (to set up or repair) and quitting make sense.
 */
export function trayMenuModel(state: TrayMenuState): MenuModelItem[] {
  const quit: MenuModelItem = {
    type: 'command',
    command: 'quit',
    label: 'Quit Tessera',
    enabled: true
  }
  const shortcut =
    state.quickCopyShortcut === null
      ? {}
      : { accelerator: state.quickCopyShortcut, registerAccelerator: false }
  if (state.vault === 'missing' || state.vault === 'corrupt') {
    return [
      {
        type: 'note',
        label:
          state.vault === 'missing' ? 'Tessera is not set up yet' : 'Tessera cannot open its vault'
      },
      {
        type: 'command',
        command: 'open',
        label: state.vault === 'missing' ? 'Set up Tessera…' : 'Open Tessera to repair it…',
        enabled: true
      },
      separator,
      quit
    ]
  }
  const locked = state.vault === 'locked'
  const items: MenuModelItem[] = []
  if (locked) items.push({ type: 'note', label: 'Tessera is locked' }, separator)
  items.push(
    { type: 'command', command: 'open', label: 'Open Tessera', enabled: true },
    {
      type: 'command',
      command: 'quick-copy',
      label: locked ? 'Unlock and quick copy…' : 'Quick copy…',
      ...shortcut,
      enabled: true
    },
    {
      type: 'command',
      command: 'scan-screen',
      label: locked ? 'Unlock and scan QR from screen…' : 'Scan QR from screen',
      enabled: true
    },
    separator,
    { type: 'command', command: 'lock', label: 'Lock now', enabled: !locked },
    separator,
    quit
  )
  return items
}

export interface AppMenuState {
  platform: DesktopPlatform
  vault: VaultState
  quickCopyShortcut: string | null
  /** False when policy forbids exporting (the item stays, greyed out, so users see why). */
  exportAllowed: boolean
}

function cmd(
  command: DesktopCommand,
  label: string,
  enabled: boolean,
  extra: { accelerator?: string; registerAccelerator?: boolean } = {}
): MenuModelItem {
  return { type: 'command', command, label, enabled, ...extra }
}

/**
 * The application menu: the macOS app menu, File (Tessera's commands), Edit (the standard roles,
 * so copy and paste work in text fields on macOS), View (zoom), Window and Help. Commands that
 * need the vault open are greyed out while it is locked; Quick copy (it unlocks first) and the
 * sheet of keyboard shortcuts always work.
 */
export function appMenuModel(state: AppMenuState): MenuModelItem[] {
  const mac = state.platform === 'darwin'
  const open = state.vault === 'unlocked'
  const a = MENU_ACCELERATORS
  const settings = cmd('settings', mac ? 'Settings…' : 'Settings', open, {
    accelerator: a.settings
  })
  const quickCopy = cmd('quick-copy', 'Quick copy…', state.vault !== 'missing', {
    ...(state.quickCopyShortcut === null
      ? {}
      : { accelerator: state.quickCopyShortcut, registerAccelerator: false })
  })
  const file: MenuModelItem[] = [
    cmd('new-account', 'New account…', open, { accelerator: a['new-account'] }),
    cmd('scan', 'Scan QR…', open, { accelerator: a.scan }),
    separator,
    cmd('import', 'Import…', open, { accelerator: a.import }),
    cmd('export', 'Export…', open && state.exportAllowed),
    separator,
    cmd('servers', 'Servers', open),
    ...(mac ? [] : [settings]),
    separator,
    quickCopy,
    cmd('lock', 'Lock', open, { accelerator: a.lock }),
    separator,
    mac ? { type: 'role', role: 'close' } : { type: 'role', role: 'quit', label: 'Quit Tessera' }
  ]
  const edit: MenuModelItem[] = [
    { type: 'role', role: 'undo' },
    { type: 'role', role: 'redo' },
    separator,
    { type: 'role', role: 'cut' },
    { type: 'role', role: 'copy' },
    { type: 'role', role: 'paste' },
    ...(mac ? [{ type: 'role', role: 'pasteAndMatchStyle' } as const] : []),
    { type: 'role', role: 'delete' },
    { type: 'role', role: 'selectAll' },
    separator,
    cmd('find', 'Find', open, { accelerator: a.find })
  ]
  const view: MenuModelItem[] = [
    { type: 'role', role: 'resetZoom' },
    { type: 'role', role: 'zoomIn' },
    { type: 'role', role: 'zoomOut' },
    separator,
    { type: 'role', role: 'togglefullscreen' }
  ]
  const windowMenu: MenuModelItem[] = mac
    ? [
        { type: 'role', role: 'minimize' },
        { type: 'role', role: 'zoom' },
        separator,
        { type: 'role', role: 'front' }
      ]
    : [
        { type: 'role', role: 'minimize' },
        { type: 'role', role: 'close' }
      ]
  const help: MenuModelItem[] = [
    cmd('shortcuts', 'Keyboard shortcuts', true, {
      accelerator: a.shortcuts,
      registerAccelerator: false
    }),
    cmd('check-clock', 'Check this computer’s clock…', open),
    ...(mac ? [] : [separator, { type: 'role', role: 'about', label: 'About Tessera' } as const])
  ]
  const menus: MenuModelItem[] = []
  if (mac) {
    menus.push({
      type: 'submenu',
      label: 'Tessera',
      role: 'appMenu',
      items: [
        { type: 'role', role: 'about', label: 'About Tessera' },
        separator,
        settings,
        separator,
        { type: 'role', role: 'services' },
        separator,
        { type: 'role', role: 'hide', label: 'Hide Tessera' },
        { type: 'role', role: 'hideOthers' },
        { type: 'role', role: 'unhide' },
        separator,
        { type: 'role', role: 'quit', label: 'Quit Tessera' }
      ]
    })
  }
  menus.push(
    { type: 'submenu', label: mac ? 'File' : '&File', role: 'fileMenu', items: file },
    { type: 'submenu', label: mac ? 'Edit' : '&Edit', role: 'editMenu', items: edit },
    { type: 'submenu', label: mac ? 'View' : '&View', role: 'viewMenu', items: view },
    { type: 'submenu', label: mac ? 'Window' : '&Window', role: 'windowMenu', items: windowMenu },
    { type: 'submenu', label: mac ? 'Help' : '&Help', role: 'help', items: help }
  )
  return menus
}

/** Every command item in a model, depth first (for tests and for wiring clicks). */
export function commandItems(
  model: readonly MenuModelItem[]
): Extract<MenuModelItem, { type: 'command' }>[] {
  const out: Extract<MenuModelItem, { type: 'command' }>[] = []
  for (const item of model) {
    if (item.type === 'command') out.push(item)
    else if (item.type === 'submenu') out.push(...commandItems(item.items))
  }
  return out
}
