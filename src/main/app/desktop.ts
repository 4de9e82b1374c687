/**
 * The desktop port on Electron: the Quick copy shortcut through globalShortcut (behind the
 * ShortcutManager's port) and the login item (app.setLoginItemSettings on macOS and Windows, an
 * XDG autostart entry on Linux).
 */
import type { App, GlobalShortcut } from 'electron'
import type { DesktopPlatform } from '../../shared/accelerator'
import { AppError } from '../../shared/errors'
import { ShortcutManager, type ShortcutOutcome } from '../core/desktop/shortcut'
import { applyLinuxAutostart, loginItemSettings } from '../core/desktop/login-item'
import type { DesktopPort } from '../ports'

export interface ElectronDesktop extends DesktopPort {
  /** Gives up the shortcut (on quit). */
  release(): void
}

export function createElectronDesktop(deps: {
  app: Pick<App, 'setLoginItemSettings' | 'isPackaged' | 'getAppPath'>
  globalShortcut: Pick<GlobalShortcut, 'register' | 'unregister'>
  platform: DesktopPlatform
  /** What the shortcut does: show Quick copy. */
  onPressed(): void
}): ElectronDesktop {
  const manager = new ShortcutManager(
    {
      register: (accelerator, callback) => deps.globalShortcut.register(accelerator, callback),
      unregister: (accelerator) => deps.globalShortcut.unregister(accelerator)
    },
    deps.onPressed,
    { platform: deps.platform }
  )
  let last: ShortcutOutcome | null = null
  // What the autostart entry runs: the AppImage (its mount path changes each run), else the
  // binary, plus the app folder in development.
  const command = (): string[] => {
    const exe = process.env['APPIMAGE'] ?? process.execPath
    return deps.app.isPackaged ? [exe] : [exe, deps.app.getAppPath()]
  }
  return {
    applyShortcut: (accelerator) => (last = manager.apply(accelerator)),
    shortcutOutcome: () => last,
    applyLoginItem: async (wish) => {
      if (deps.platform === 'linux') return applyLinuxAutostart(wish, command())
      try {
        deps.app.setLoginItemSettings(loginItemSettings(wish, deps.platform, process.execPath))
      } catch (err) {
        throw new AppError(
          'IO',
          'The system did not accept the change to starting Tessera at login. Try again, or check the login items in the system settings.',
          { cause: err }
        )
      }
    },
    release: () => manager.release()
  }
}
