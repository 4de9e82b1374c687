/**
 * IPC channels of the app's own settings (the window and the clipboard). They are stored in the
 * vault next to its own settings (auto-lock and lock on suspend go through `vault:*Settings`).
 */
import { z } from 'zod'
import { MAX_CLIPBOARD_CLEAR_SECONDS } from '../limits'
import { channel, event } from './contract'

export const THEMES = ['system', 'light', 'dark'] as const
export type Theme = (typeof THEMES)[number]

export { MAX_CLIPBOARD_CLEAR_SECONDS } from '../limits'

export interface AppSettings {
  /** Seconds after a copy when Tessera clears the clipboard (if it still holds the code); 0 never. */
  clipboardClearSeconds: number
  theme: Theme
  /** Hide the window's content from screenshots and screen sharing (setContentProtection). */
  hideFromCapture: boolean
}

export const DEFAULT_APP_SETTINGS: Readonly<AppSettings> = {
  clipboardClearSeconds: 30,
  theme: 'system',
  hideFromCapture: true
}

export const settingsChannels = {
  'settings:get': channel<AppSettings>()(z.undefined()),
  /** Changes some settings; answers all of them. */
  'settings:update': channel<AppSettings>()(
    z.strictObject({
      clipboardClearSeconds: z
        .number()
        .int('Clear the clipboard after a whole number of seconds.')
        .min(0, 'Use 0 (never) or more seconds.')
        .max(
          MAX_CLIPBOARD_CLEAR_SECONDS,
          `Clear the clipboard within ${MAX_CLIPBOARD_CLEAR_SECONDS} seconds at most.`
        )
        .optional(),
      theme: z.enum(THEMES).optional(),
      hideFromCapture: z.boolean().optional()
    })
  )
}

export const settingsEvents = {
  /** The settings changed (here or in another window). */
  'settings:changed': event<AppSettings>()
}
