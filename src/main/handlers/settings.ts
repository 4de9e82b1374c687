/**
 * The app's own settings (clipboard, theme, screen capture): where they are kept and their
 * handlers. They live in the vault's settings (which takes small extra keys).
 */
import type { Emit } from '../../shared/ipc'
import {
  DEFAULT_APP_SETTINGS,
  MAX_CLIPBOARD_CLEAR_SECONDS,
  THEMES,
  type AppSettings,
  type Theme
} from '../../shared/ipc/settings'
import type { PolicyValues } from '../../shared/policy'
import {
  assertCaptureChoice,
  assertClipboardChoice,
  effectiveClipboardClearSeconds,
  effectiveHideFromCapture,
  type PolicyGetter
} from '../core/policy'
import type { Handler } from '../handlers'

/** Where settings are kept. */
export interface SettingsPort {
  get(): AppSettings
  update(patch: Partial<AppSettings>): Promise<AppSettings>
}

type Stored = Record<string, string | number | boolean>

/** Reads settings from a loose key/value record, falling back to the defaults for anything odd. */
export function readAppSettings(stored: Readonly<Record<string, unknown>>): AppSettings {
  const s = stored
  const seconds = s['clipboardClearSeconds']
  const theme = s['theme']
  const hide = s['hideFromCapture']
  return {
    clipboardClearSeconds:
      typeof seconds === 'number' &&
      Number.isInteger(seconds) &&
      seconds >= 0 &&
      seconds <= MAX_CLIPBOARD_CLEAR_SECONDS
        ? seconds
        : DEFAULT_APP_SETTINGS.clipboardClearSeconds,
    theme: (THEMES as readonly unknown[]).includes(theme)
      ? (theme as Theme)
      : DEFAULT_APP_SETTINGS.theme,
    hideFromCapture: typeof hide === 'boolean' ? hide : DEFAULT_APP_SETTINGS.hideFromCapture
  }
}

function definedOnly(patch: Partial<AppSettings>): Stored {
  const out: Stored = {}
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) out[k] = v
  return out
}

/** Settings kept in the vault's settings record (one write per change). */
export function vaultSettingsPort(vault: {
  getSettings(): Readonly<Record<string, unknown>>
  updateSettings(patch: Stored): Promise<Readonly<Record<string, unknown>>>
}): SettingsPort {
  return {
    get: () => readAppSettings(vault.getSettings()),
    update: async (patch) => readAppSettings(await vault.updateSettings(definedOnly(patch)))
  }
}

/**
 * The settings in force: the user's choices with the policies applied (a clipboard time under
 * ClipboardClearMaxSeconds, capture protection as ScreenCaptureProtection forces it). What the
 * window shows and what the clipboard and the window follow.
 */
export function effectiveAppSettings(s: AppSettings, values: PolicyValues): AppSettings {
  return {
    ...s,
    clipboardClearSeconds: effectiveClipboardClearSeconds(s.clipboardClearSeconds, values),
    hideFromCapture: effectiveHideFromCapture(s.hideFromCapture, values)
  }
}

/**
 * `settings:get` answers the settings in force; `settings:update` refuses, with POLICY_FORBIDDEN
 * and nothing saved, a choice looser than a policy allows.
 */
export function settingsHandlers(
  port: SettingsPort,
  emit: Emit,
  onChange: (settings: AppSettings) => void,
  policy: PolicyGetter
): { 'settings:get': Handler<'settings:get'>; 'settings:update': Handler<'settings:update'> } {
  return {
    'settings:get': async () => effectiveAppSettings(port.get(), policy().values),
    'settings:update': async (patch) => {
      const snapshot = policy()
      if (patch.clipboardClearSeconds !== undefined)
        assertClipboardChoice(snapshot, patch.clipboardClearSeconds)
      if (patch.hideFromCapture !== undefined) assertCaptureChoice(snapshot, patch.hideFromCapture)
      const clean: Partial<AppSettings> = {}
      if (patch.clipboardClearSeconds !== undefined)
        clean.clipboardClearSeconds = patch.clipboardClearSeconds
      if (patch.theme !== undefined) clean.theme = patch.theme
      if (patch.hideFromCapture !== undefined) clean.hideFromCapture = patch.hideFromCapture
      const next = effectiveAppSettings(await port.update(clean), policy().values)
      onChange(next)
      emit('settings:changed', next)
      return next
    }
  }
}
