/**
 * IPC of Tessera on the desktop: the application menu's and the tray's commands that the window
 * carries out (main sends them; the window navigates or opens the dialog).
 */
import { event } from './contract'
import type { WindowCommand } from '../desktop'

/** What main asks the window to do: a menu command, or the tray's scan and clock items. */
export type WindowCommandRequest = WindowCommand | 'scan-screen' | 'check-clock'

export const desktopChannels = {}

export const desktopEvents = {
  /** A menu item, the tray or a shortcut asked the window for `command` (it was brought forward). */
  'desktop:command': event<{ command: WindowCommandRequest }>()
}
