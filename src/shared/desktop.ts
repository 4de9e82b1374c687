/**
 * Tessera on the desktop: the commands its menus, tray and shortcuts give, and the in-window
 * keyboard shortcuts the "Keyboard shortcuts" sheet lists. Shared so the application menu (main)
 * and the window (renderer) name every command the same way.
 */

/** Commands the window carries out when a menu item, the tray or a shortcut asks it to. */
export const WINDOW_COMMANDS = [
  'new-account',
  'scan',
  'import',
  'export',
  'servers',
  'settings',
  'shortcuts',
  'find'
] as const
export type WindowCommand = (typeof WINDOW_COMMANDS)[number]

/** Commands main carries out itself. */
export const APP_COMMANDS = [
  'open',
  'quick-copy',
  'scan-screen',
  'lock',
  'quit',
  'check-clock'
] as const
export type AppCommand = (typeof APP_COMMANDS)[number]

export type DesktopCommand = WindowCommand | AppCommand

/** The in-window accelerators of the application menu's commands (the menu and the sheet). */
export const MENU_ACCELERATORS = {
  'new-account': 'CommandOrControl+N',
  scan: 'CommandOrControl+Shift+S',
  import: 'CommandOrControl+I',
  settings: 'CommandOrControl+,',
  lock: 'CommandOrControl+L',
  find: 'CommandOrControl+F',
  shortcuts: '?'
} as const satisfies Partial<Record<DesktopCommand, string>>

/** One line of the "Keyboard shortcuts" sheet. */
export interface ShortcutHelp {
  /** Electron accelerator text ("CommandOrControl+N") or a plain key ("?", "Enter"). */
  keys: string
  what: string
}

export interface ShortcutGroup {
  group: string
  items: readonly ShortcutHelp[]
}

/**
 * Every keyboard shortcut Tessera has, grouped as the "Keyboard shortcuts" sheet shows them: the
 * codes list, the application menu's commands (their keys are {@link MENU_ACCELERATORS}, the
 * texts the menu registers, so the sheet and the menu cannot disagree) and the Quick copy window.
 * The global shortcut is the user's choice; the sheet adds it from Settings.
 */
export const WINDOW_SHORTCUTS: readonly ShortcutGroup[] = [
  {
    group: 'Codes',
    items: [
      { keys: 'Up', what: 'Select the account above' },
      { keys: 'Down', what: 'Select the account below' },
      { keys: 'Enter', what: 'Copy the selected code' },
      { keys: 'CommandOrControl+C', what: 'Copy the selected code' },
      { keys: 'Alt+Up', what: 'Move the selected account up' },
      { keys: 'Alt+Down', what: 'Move the selected account down' },
      { keys: '/', what: 'Search' },
      { keys: MENU_ACCELERATORS.find, what: 'Search' },
      { keys: 'Escape', what: 'Clear the search, or go back' },
      { keys: MENU_ACCELERATORS.shortcuts, what: 'Show these shortcuts' }
    ]
  },
  {
    group: 'Commands',
    items: [
      { keys: MENU_ACCELERATORS['new-account'], what: 'Add an account' },
      { keys: MENU_ACCELERATORS.scan, what: 'Scan a QR code' },
      { keys: MENU_ACCELERATORS.import, what: 'Import a backup' },
      { keys: MENU_ACCELERATORS.settings, what: 'Open Settings' },
      { keys: MENU_ACCELERATORS.lock, what: 'Lock Tessera' }
    ]
  },
  {
    group: 'Quick copy',
    items: [
      { keys: 'Up', what: 'Move up' },
      { keys: 'Down', what: 'Move down' },
      { keys: 'Enter', what: 'Copy the code and close' },
      { keys: 'Escape', what: 'Close' }
    ]
  }
]
