/**
 * The main window's options. Pure (only Electron's types are imported), so unit tests assert the
 * security settings without an Electron binary.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron'

/**
 * webPreferences for every Tessera window: isolated, sandboxed, no Node in the page. DevTools
 * are off unless asked for: the shell asks only when the app is not packaged (`npm run dev`),
 * so an installed Tessera has no console to read the page or call its API from.
 */
export function secureWebPreferences(
  preloadPath: string,
  options: { devTools?: boolean } = {}
): WebPreferences {
  return {
    preload: preloadPath,
    devTools: options.devTools ?? false,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    v8CacheOptions: 'code'
  }
}

export interface MainWindowOptionsInput {
  preloadPath: string
  /** Background painted before the page loads, so a dark desktop does not flash white. */
  dark: boolean
  iconPath?: string
  /** Allow DevTools (development builds only; packaged builds never). Default false. */
  devTools?: boolean
}

export function mainWindowOptions(input: MainWindowOptionsInput): BrowserWindowConstructorOptions {
  const options: BrowserWindowConstructorOptions = {
    width: 480,
    height: 720,
    minWidth: 360,
    minHeight: 420,
    show: false,
    title: 'Tessera',
    backgroundColor: input.dark ? '#16181d' : '#f6f7f9',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(input.preloadPath, { devTools: input.devTools ?? false })
  }
  if (input.iconPath) options.icon = input.iconPath
  return options
}

/** Size of the Quick copy window: a search field and {@link QUICK_COPY_ROWS}-ish rows. */
export const QUICK_COPY_SIZE = { width: 440, height: 460 } as const

/**
 * The Quick copy window: small, frameless, over other windows, not in the task bar; the same
 * sandboxed preload and web preferences as the main window. It is created hidden and shown by
 * the shortcut or the tray.
 */
export function quickCopyWindowOptions(
  input: Pick<MainWindowOptionsInput, 'preloadPath' | 'dark' | 'devTools'>
): BrowserWindowConstructorOptions {
  return {
    ...QUICK_COPY_SIZE,
    show: false,
    frame: false,
    resizable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    title: 'Tessera Quick copy',
    backgroundColor: input.dark ? '#16181d' : '#f6f7f9',
    webPreferences: secureWebPreferences(input.preloadPath, { devTools: input.devTools ?? false })
  }
}
