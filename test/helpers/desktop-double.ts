/**
 * The desktop port played for tests: the real ShortcutManager over a fake globalShortcut (the
 * shortcuts in `taken` are held by "another app"), and login items recorded instead of written.
 */
import { ShortcutManager } from '../../src/main/core/desktop/shortcut'
import type { LoginItemWish } from '../../src/main/core/desktop/login-item'
import type { ShortcutOutcome } from '../../src/main/core/desktop/shortcut'
import type { DesktopPlatform } from '../../src/shared/accelerator'
import { AppError } from '../../src/shared/errors'
import type { DesktopPort } from '../../src/main/ports'

export interface DesktopDouble {
  port: DesktopPort
  /** Shortcuts another app holds: registering one fails. */
  taken: Set<string>
  /** The shortcuts registered now. */
  registered(): string[]
  /** Presses the registered shortcut; false when none is registered. */
  press(accelerator: string): boolean
  /** How often a press opened Quick copy. */
  opened(): number
  /** Every login item the OS was asked for, in order. */
  loginItems: LoginItemWish[]
  /** When set, the next login item request fails with this message. */
  failLoginItem: string | null
}

export function createDesktopDouble(
  options: { platform?: DesktopPlatform; initial?: string | null } = {}
): DesktopDouble {
  const callbacks = new Map<string, () => void>()
  let opened = 0
  let last: ShortcutOutcome | null = null
  const double: DesktopDouble = {
    taken: new Set(),
    registered: () => [...callbacks.keys()],
    press: (accelerator) => {
      const cb = callbacks.get(accelerator)
      cb?.()
      return cb !== undefined
    },
    opened: () => opened,
    loginItems: [],
    failLoginItem: null,
    port: {
      applyShortcut: (accelerator) => (last = manager.apply(accelerator)),
      shortcutOutcome: () => last,
      applyLoginItem: async (wish) => {
        if (double.failLoginItem !== null) {
          const message = double.failLoginItem
          double.failLoginItem = null
          throw new AppError('IO', message)
        }
        double.loginItems.push({ ...wish })
      }
    }
  }
  const manager = new ShortcutManager(
    {
      register: (accelerator, callback) => {
        if (double.taken.has(accelerator)) return false
        callbacks.set(accelerator, callback)
        return true
      },
      unregister: (accelerator) => void callbacks.delete(accelerator)
    },
    () => void opened++,
    { platform: options.platform ?? 'linux' }
  )
  if (options.initial !== undefined) last = manager.apply(options.initial)
  return double
}
