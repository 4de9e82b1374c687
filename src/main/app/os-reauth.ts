/**
 * The OS's own "confirm it is you" prompt, asked before secrets leave a vault without a password
 * (core/vault/reauth.ts). Only macOS offers one Electron can call: Touch ID. Windows Hello and
 * Linux (polkit) would need native modules, so there a keychain-only vault asks nothing and
 * Settings suggest a vault password instead.
 */
import type { SystemPreferences } from 'electron'
import type { OsReauthPort } from '../ports'

export function createOsReauth(
  platform: NodeJS.Platform,
  prefs: Pick<SystemPreferences, 'canPromptTouchID' | 'promptTouchID'>
): OsReauthPort {
  if (platform !== 'darwin') return { available: () => false, confirm: async () => false }
  return {
    available: () => prefs.canPromptTouchID(),
    confirm: async (reason) => {
      try {
        await prefs.promptTouchID(reason)
        return true
      } catch {
        return false
      }
    }
  }
}
