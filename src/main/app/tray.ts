/**
 * The tray (menu bar) icon, Electron wiring only: what its menu holds is trayMenuModel in
 * core/desktop/menus.ts. The icon is a template image on macOS (the menu bar tints it), and on
 * Windows and Linux the glyph drawn for the taskbar's colour, swapped when the theme changes.
 */
import { join } from 'node:path'
import type { Menu as MenuClass, NativeImage, Tray as TrayClass } from 'electron'
import type { DesktopPlatform } from '../../shared/accelerator'
import type { DesktopCommand } from '../../shared/desktop'
import { trayMenuModel, type TrayMenuState } from '../core/desktop/menus'
import { toMenuTemplate } from './menus'

/**
 * The icon file for the platform and taskbar: `tray-light` is the dark glyph for a light taskbar,
 * `tray-dark` the light glyph for a dark one (scripts/icons.mjs draws them).
 */
export function trayIconFile(platform: DesktopPlatform, darkTaskbar: boolean): string {
  if (platform === 'darwin') return 'trayTemplate.png'
  const theme = darkTaskbar ? 'dark' : 'light'
  // Windows picks the size it needs from the .ico; Linux panels are 22-24 px.
  return platform === 'win32' ? `tray-${theme}.ico` : `tray-${theme}-24.png`
}

export interface TrayDeps {
  Tray: new (
    image: NativeImage
  ) => Pick<TrayClass, 'setContextMenu' | 'setToolTip' | 'setImage' | 'on' | 'destroy'>
  Menu: Pick<typeof MenuClass, 'buildFromTemplate'>
  image(path: string): NativeImage
  platform: DesktopPlatform
  /** resources/tray: process.resourcesPath/tray packaged, the checkout's in development. */
  iconDir: string
  darkTaskbar(): boolean
}

export interface AppTray {
  update(patch: Partial<TrayMenuState>): void
  /** The taskbar's theme changed: the glyph follows it. */
  themeChanged(): void
  destroy(): void
}

export function createAppTray(
  deps: TrayDeps,
  initial: TrayMenuState,
  run: (command: DesktopCommand) => void
): AppTray {
  const icon = (): NativeImage =>
    deps.image(join(deps.iconDir, trayIconFile(deps.platform, deps.darkTaskbar())))
  // macOS treats a file named …Template.png as a template image (tinted by the menu bar).
  const tray = new deps.Tray(icon())
  let state = initial
  let last = ''
  const install = (): void => {
    const model = trayMenuModel(state)
    const key = JSON.stringify(model)
    if (key === last) return
    last = key
    tray.setToolTip(state.vault === 'locked' ? 'Tessera (locked)' : 'Tessera')
    tray.setContextMenu(deps.Menu.buildFromTemplate(toMenuTemplate(model, run)))
  }
  install()
  // Windows and most Linux panels: a click on the icon opens the window, the menu is right-click.
  if (deps.platform !== 'darwin') tray.on('click', () => run('open'))
  return {
    update(patch) {
      state = { ...state, ...patch }
      install()
    },
    themeChanged() {
      if (deps.platform !== 'darwin') tray.setImage(icon())
    },
    destroy: () => tray.destroy()
  }
}
