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
