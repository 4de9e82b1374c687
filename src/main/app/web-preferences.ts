/**
 * The main window's options. Pure (only Electron's types are imported), so unit tests assert the
 * security settings without an Electron binary.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron'

/** webPreferences for every Tessera window: isolated, sandboxed, no Node in the page. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
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
    webPreferences: secureWebPreferences(input.preloadPath)
  }
  if (input.iconPath) options.icon = input.iconPath
  return options
}
