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

/** One line of the "Keyboard shortcuts" sheet. */
export interface ShortcutHelp {
  /** Electron accelerator text ("CommandOrControl+N") or a plain key ("?", "Enter"). */
  keys: string
  what: string
}

/**
 * The in-window shortcuts, grouped as the sheet shows them. Menu accelerators come from the
 * application menu model (the same texts), so the sheet and the menu cannot disagree.
 */
export const WINDOW_SHORTCUTS: readonly { group: string; items: readonly ShortcutHelp[] }[] = [
  {
    group: 'Codes',
    items: [
      { keys: 'Up', what: 'Select the account above' },
      { keys: 'Down', what: 'Select the account below' },
      { keys: 'Enter', what: 'Copy the selected code' },
      { keys: 'CommandOrControl+C', what: 'Copy the selected code' },
      { keys: 'Shift+F10', what: 'Open the menu of the selected account' },
      { keys: '/', what: 'Search' },
      { keys: 'CommandOrControl+F', what: 'Search' },
      { keys: 'Escape', what: 'Clear the search, or go back' },
      { keys: '?', what: 'Show these shortcuts' }
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
