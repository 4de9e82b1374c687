/**
 * The native application menu (Electron wiring only; what it holds is core/desktop/menus.ts).
 * `toMenuTemplate` turns the plain model into Electron's template; `createAppMenu` installs it
 * and rebuilds it whenever the vault's state, the policies or the Quick copy shortcut change.
 */
import type { Menu as MenuClass, MenuItemConstructorOptions } from 'electron'
import type { DesktopCommand } from '../../shared/desktop'
import { appMenuModel, type AppMenuState, type MenuModelItem } from '../core/desktop/menus'

/** Electron's menu template of a model; every command item calls `run` with its command. */
export function toMenuTemplate(
  model: readonly MenuModelItem[],
  run: (command: DesktopCommand) => void
): MenuItemConstructorOptions[] {
  return model.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' }
      case 'note':
        return { label: item.label, enabled: false }
      case 'role':
        return item.label === undefined
          ? { role: item.role }
          : { role: item.role, label: item.label }
      case 'submenu':
        return {
          label: item.label,
          // As in Electron's own example: Window and Help take their role (macOS adds the window
          // list and the help search); the others are our items under a label.
          ...(item.role === 'windowMenu' || item.role === 'help' ? { role: item.role } : {}),
          submenu: toMenuTemplate(item.items, run)
        }
      case 'command':
        return {
          label: item.label,
          enabled: item.enabled,
          ...(item.accelerator === undefined
            ? {}
            : {
                accelerator: item.accelerator,
                // Shown only: the global shortcut and the window's own keys (?) stay theirs.
                registerAccelerator: item.registerAccelerator ?? true
              }),
          click: () => run(item.command)
        }
    }
  })
}

export interface AppMenu {
  /** Rebuilds the menu with the state changed (vault state, shortcut, policy). */
  update(patch: Partial<AppMenuState>): void
}

export function createAppMenu(
  Menu: Pick<typeof MenuClass, 'buildFromTemplate' | 'setApplicationMenu'>,
  initial: AppMenuState,
  run: (command: DesktopCommand) => void
): AppMenu {
  let state = initial
  let last = ''
  const install = (): void => {
    const model = appMenuModel(state)
    const key = JSON.stringify(model)
    if (key === last) return
    last = key
    Menu.setApplicationMenu(Menu.buildFromTemplate(toMenuTemplate(model, run)))
  }
  install()
  return {
    update(patch) {
      state = { ...state, ...patch }
      install()
    }
  }
}
