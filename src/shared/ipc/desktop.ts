/**
 * IPC of Tessera on the desktop: the application menu's and the tray's commands that the window
 * carries out (main sends them; the window navigates or opens the dialog), and this computer's
 * desktop settings: the Quick copy shortcut, start at login, start hidden, close to tray. These
 * live in device.json, never in the vault (a vault copied elsewhere must not carry them along).
 */
import { z } from 'zod'
import { channel, event } from './contract'
import type { WindowCommand } from '../desktop'

/** What main asks the window to do: a menu command, or the tray's scan and clock items. */
export type WindowCommandRequest = WindowCommand | 'scan-screen' | 'check-clock'

/** What became of the Quick copy shortcut, in words Settings shows as they are. */
export interface ShortcutStatusView {
  status: 'registered' | 'unchanged' | 'off' | 'taken' | 'invalid' | 'unavailable'
  /** The shortcut in force now (canonical text, "CommandOrControl+Shift+A"), or null. */
  accelerator: string | null
  /** What was asked for, when it could not be had. */
  requested?: string
  message: string
}

export interface DesktopSettingsView {
  startAtLogin: boolean
  /** Started at login: only the tray icon, no window. */
  startHidden: boolean
  /** Closing the window keeps Tessera running in the tray. */
  closeToTray: boolean
  /** The saved Quick copy shortcut (null: none). */
  quickCopyShortcut: string | null
  /** The last registration's outcome (at start: the saved one's); null before any. */
  shortcut: ShortcutStatusView | null
}

export const desktopChannels = {
  'desktop:settings': channel<DesktopSettingsView>()(z.undefined()),
  /**
   * Makes `accelerator` the Quick copy shortcut (null: none). One another app holds, or one that
   * is not valid, is not saved and the previous one keeps working; the answer says which.
   */
  'desktop:setShortcut': channel<DesktopSettingsView>()(
    z.strictObject({
      accelerator: z.string().trim().max(64, 'That shortcut is too long to be real.').nullable()
    })
  ),
  /** Start at login, start hidden, close to tray; the OS is asked first, then it is saved. */
  'desktop:update': channel<DesktopSettingsView>()(
    z.strictObject({
      startAtLogin: z.boolean().optional(),
      startHidden: z.boolean().optional(),
      closeToTray: z.boolean().optional()
    })
  )
}

export const desktopEvents = {
  /** A menu item, the tray or a shortcut asked the window for `command` (it was brought forward). */
  'desktop:command': event<{ command: WindowCommandRequest }>()
}
