import { describe, expect, it } from 'vitest'
import {
  mainWindowOptions,
  quickCopyWindowOptions,
  secureWebPreferences
} from '../../../src/main/app/web-preferences'

describe('secureWebPreferences', () => {
  const prefs = secureWebPreferences('/app/out/preload/index.cjs')

  it('isolates and sandboxes the page, with no Node in it', () => {
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false
    })
  })

  it('does not turn on any Blink feature or extra world behind our back', () => {
    expect(prefs).not.toHaveProperty('enableBlinkFeatures')
    expect(prefs).not.toHaveProperty('additionalArguments')
  })
})

describe('mainWindowOptions', () => {
  it('uses the secure webPreferences and stays hidden until the page is ready', () => {
    const options = mainWindowOptions({ preloadPath: '/p.cjs', dark: true })
    expect(options.webPreferences).toEqual(secureWebPreferences('/p.cjs'))
    expect(options.show).toBe(false)
  })

  it('paints a background that matches the theme, so there is no white flash in dark mode', () => {
    const dark = mainWindowOptions({ preloadPath: '/p.cjs', dark: true }).backgroundColor
    const light = mainWindowOptions({ preloadPath: '/p.cjs', dark: false }).backgroundColor
    expect(dark).not.toEqual(light)
  })
})

describe('DevTools', () => {
  it('are off unless the shell asks (it asks only when the app is not packaged)', () => {
    expect(secureWebPreferences('/p.cjs').devTools).toBe(false)
    expect(mainWindowOptions({ preloadPath: '/p.cjs', dark: false }).webPreferences?.devTools).toBe(
      false
    )
    expect(
      mainWindowOptions({ preloadPath: '/p.cjs', dark: false, devTools: true }).webPreferences
        ?.devTools
    ).toBe(true)
  })
})

describe('quickCopyWindowOptions', () => {
  it('is the same sandboxed page setup as the main window, small, frameless and hidden', () => {
    const options = quickCopyWindowOptions({ preloadPath: '/p.cjs', dark: false })
    expect(options.webPreferences).toEqual(secureWebPreferences('/p.cjs'))
    expect(options).toMatchObject({
      show: false,
      frame: false,
      skipTaskbar: true,
      alwaysOnTop: true,
      resizable: false
    })
    expect(options.width).toBeLessThan(600)
  })
})
