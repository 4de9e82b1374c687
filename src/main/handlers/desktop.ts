/**
 * Handlers of this computer's desktop settings (device.json): the Quick copy shortcut, start at
 * login, start hidden in the tray, close to tray. The OS is asked first (the shortcut registered,
 * the login item written) and the setting saved only when it said yes, so what Settings shows is
 * what is in force.
 */
import type { DesktopSettingsView, ShortcutStatusView } from '../../shared/ipc/desktop'
import type { DeviceSettings, DeviceSettingsStore } from '../core/device/settings'
import type { ShortcutOutcome } from '../core/desktop/shortcut'
import type { DesktopPort } from '../ports'
import type { Handler } from '../handlers'

type DesktopChannel = 'desktop:settings' | 'desktop:setShortcut' | 'desktop:update'

export interface DesktopDeps {
  device: DeviceSettingsStore
  port: DesktopPort
}

function statusView(o: ShortcutOutcome | null): ShortcutStatusView | null {
  if (o === null) return null
  return 'requested' in o
    ? { status: o.status, accelerator: o.accelerator, requested: o.requested, message: o.message }
    : { status: o.status, accelerator: o.accelerator, message: o.message }
}

export function desktopHandlers(deps: DesktopDeps): { [K in DesktopChannel]: Handler<K> } {
  const view = (
    d: DeviceSettings = deps.device.get(),
    outcome: ShortcutOutcome | null = deps.port.shortcutOutcome()
  ): DesktopSettingsView => ({
    startAtLogin: d.startAtLogin,
    startHidden: d.startHidden,
    closeToTray: d.closeToTray,
    quickCopyShortcut: d.quickCopyShortcut,
    shortcut: statusView(outcome)
  })

  return {
    'desktop:settings': async () => view(),
    'desktop:setShortcut': async ({ accelerator }) => {
      const outcome = deps.port.applyShortcut(accelerator === '' ? null : accelerator)
      const saved = deps.device.get()
      // Saved only when the system gave it (or it was turned off): a refused one leaves the
      // previous shortcut working and saved.
      const inForce =
        outcome.status === 'registered' ||
        outcome.status === 'unchanged' ||
        outcome.status === 'off'
      if (inForce && outcome.accelerator !== saved.quickCopyShortcut) {
        return view(await deps.device.update({ quickCopyShortcut: outcome.accelerator }), outcome)
      }
      return view(saved, outcome)
    },
    'desktop:update': async (patch) => {
      const before = deps.device.get()
      const wish = {
        startAtLogin: patch.startAtLogin ?? before.startAtLogin,
        startHidden: patch.startHidden ?? before.startHidden
      }
      const loginChanged =
        wish.startAtLogin !== before.startAtLogin ||
        (wish.startAtLogin && wish.startHidden !== before.startHidden)
      if (loginChanged) await deps.port.applyLoginItem(wish)
      try {
        return view(
          await deps.device.update({
            ...wish,
            closeToTray: patch.closeToTray ?? before.closeToTray
          })
        )
      } catch (err) {
        // Not saved: put the login item back as the saved settings say, so the two agree.
        if (loginChanged) {
          await deps.port
            .applyLoginItem({ startAtLogin: before.startAtLogin, startHidden: before.startHidden })
            .catch(() => undefined)
        }
        throw err
      }
    }
  }
}
