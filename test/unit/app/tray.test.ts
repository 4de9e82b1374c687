/**
 * The tray icon (src/main/app/tray.ts) with Electron's Tray and Menu replaced by recorders: the
 * icon per OS and taskbar, the menu per vault state, and what a click does.
 */
import type { MenuItemConstructorOptions, NativeImage } from 'electron'
import { describe, expect, it } from 'vitest'
import { createAppTray, trayIconFile } from '../../../src/main/app/tray'
import type { DesktopCommand } from '../../../src/shared/desktop'
import type { DesktopPlatform } from '../../../src/shared/accelerator'

function fakeTray(platform: DesktopPlatform, dark = false) {
  const log = {
    images: [] as string[],
    menus: [] as MenuItemConstructorOptions[][],
    tips: [] as string[],
    clicks: [] as (() => void)[]
  }
  const ran: DesktopCommand[] = []
  const theme = { dark }
  class Tray {
    constructor(image: NativeImage) {
      log.images.push(image as unknown as string)
    }
    setContextMenu(menu: unknown) {
      log.menus.push(menu as MenuItemConstructorOptions[])
    }
    setToolTip(tip: string) {
      log.tips.push(tip)
    }
    setImage(image: NativeImage) {
      log.images.push(image as unknown as string)
    }
    on(event: string, cb: () => void) {
      if (event === 'click') log.clicks.push(cb)
      return this
    }
    destroy() {}
  }
  const tray = createAppTray(
    {
      Tray: Tray as never,
      Menu: { buildFromTemplate: (t) => t as never },
      image: (p) => p as unknown as NativeImage,
      platform,
      iconDir: '/res/tray',
      darkTaskbar: () => theme.dark
    },
    { vault: 'unlocked', quickCopyShortcut: 'CommandOrControl+Shift+A' },
    (c) => ran.push(c)
  )
  return { tray, log, ran, theme }
}

const labels = (menu: MenuItemConstructorOptions[]) =>
  menu
    .filter((i) => i.type !== 'separator')
    .map((i) => `${i.label}${i.enabled === false ? ' (greyed)' : ''}`)

describe('the tray icon', () => {
  it('picks the template image on macOS and the taskbar’s glyph elsewhere', () => {
    expect(trayIconFile('darwin', true)).toBe('trayTemplate.png')
    expect(trayIconFile('win32', false)).toBe('tray-light.ico')
    expect(trayIconFile('win32', true)).toBe('tray-dark.ico')
    expect(trayIconFile('linux', true)).toBe('tray-dark-24.png')
  })

  it('follows a theme change on Windows and Linux', () => {
    const { tray, log, theme } = fakeTray('linux')
    theme.dark = true
    tray.themeChanged()
    expect(log.images).toEqual(['/res/tray/tray-light-24.png', '/res/tray/tray-dark-24.png'])
  })

  it('its menu says when Tessera is locked, and Quick copy unlocks first', () => {
    const { tray, log } = fakeTray('win32')
    expect(labels(log.menus[0]!)).toEqual([
      'Open Tessera',
      'Quick copy…',
      'Scan QR from screen',
      'Lock now',
      'Quit Tessera'
    ])
    expect(log.menus[0]![1]).toMatchObject({
      accelerator: 'CommandOrControl+Shift+A',
      registerAccelerator: false
    })
    tray.update({ vault: 'locked' })
    expect(labels(log.menus[1]!)).toEqual([
      'Tessera is locked (greyed)',
      'Open Tessera',
      'Unlock and quick copy…',
      'Unlock and scan QR from screen…',
      'Lock now (greyed)',
      'Quit Tessera'
    ])
    expect(log.tips).toEqual(['Tessera', 'Tessera (locked)'])
    tray.update({ vault: 'locked' })
    expect(log.menus).toHaveLength(2)
  })

  it('a menu item runs its command; a click on the icon opens the window (not on macOS)', () => {
    const { log, ran } = fakeTray('linux')
    const item = log.menus[0]!.find((i) => i.label === 'Scan QR from screen')
    ;(item?.click as () => void)()
    log.clicks.forEach((c) => c())
    expect(ran).toEqual(['scan-screen', 'open'])
    expect(fakeTray('darwin').log.clicks).toHaveLength(0)
  })
})
