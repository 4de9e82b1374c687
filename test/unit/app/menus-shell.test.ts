/**
 * The native menu built from the menu model (src/main/app/menus.ts) and what each command does
 * (src/main/app/commands.ts), with Electron's Menu replaced by a recorder.
 */
import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { createAppMenu, toMenuTemplate } from '../../../src/main/app/menus'
import { createCommandRunner } from '../../../src/main/app/commands'
import { appMenuModel, trayMenuModel } from '../../../src/main/core/desktop/menus'
import type { DesktopCommand } from '../../../src/shared/desktop'

function flat(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [
    i,
    ...(Array.isArray(i.submenu) ? flat(i.submenu as MenuItemConstructorOptions[]) : [])
  ])
}

const byLabel = (items: MenuItemConstructorOptions[], label: string) => {
  const found = flat(items).find((i) => i.label === label)
  if (!found) throw new Error(`no menu item "${label}"`)
  return found
}

describe('the native application menu', () => {
  const ran: DesktopCommand[] = []
  const template = toMenuTemplate(
    appMenuModel({
      platform: 'linux',
      vault: 'unlocked',
      quickCopyShortcut: 'CommandOrControl+Shift+A',
      exportAllowed: true
    }),
    (c) => ran.push(c)
  )

  it('registers the commands’ accelerators, and only shows the global shortcut and ?', () => {
    const shown = (label: string) => {
      const i = byLabel(template, label)
      return [i.accelerator, i.registerAccelerator]
    }
    expect(shown('New account…')).toEqual(['CommandOrControl+N', true])
    expect(shown('Scan QR…')).toEqual(['CommandOrControl+Shift+S', true])
    expect(shown('Import…')).toEqual(['CommandOrControl+I', true])
    expect(shown('Settings')).toEqual(['CommandOrControl+,', true])
    expect(shown('Lock')).toEqual(['CommandOrControl+L', true])
    expect(shown('Quick copy…')).toEqual(['CommandOrControl+Shift+A', false])
    expect(shown('Keyboard shortcuts')).toEqual(['?', false])
    expect(byLabel(template, 'Export…').accelerator).toBeUndefined()
  })

  it('a click runs the item’s command', () => {
    const click = (label: string) => (byLabel(template, label).click as () => void)()
    click('Servers')
    click('Export…')
    click('Keyboard shortcuts')
    expect(ran).toEqual(['servers', 'export', 'shortcuts'])
  })

  it('Edit keeps the standard roles, so copy and paste work in fields', () => {
    const edit = byLabel(template, '&Edit').submenu as MenuItemConstructorOptions[]
    expect(edit.map((i) => i.role).filter(Boolean)).toEqual([
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
      'delete',
      'selectAll'
    ])
    expect(byLabel(template, '&Help').role).toBe('help')
    expect(byLabel(template, '&Window').role).toBe('windowMenu')
  })

  it('the tray’s locked note is a greyed line, not a command', () => {
    const tray = toMenuTemplate(
      trayMenuModel({ vault: 'locked', quickCopyShortcut: null }),
      () => {}
    )
    expect(tray[0]).toEqual({ label: 'Tessera is locked', enabled: false })
    expect(byLabel(tray, 'Lock now').enabled).toBe(false)
  })

  it('is rebuilt when the vault locks (commands greyed), not when nothing changed', () => {
    const installed: MenuItemConstructorOptions[][] = []
    const Menu = {
      buildFromTemplate: (t: MenuItemConstructorOptions[]) => t as never,
      setApplicationMenu: (m: unknown) => void installed.push(m as MenuItemConstructorOptions[])
    }
    const menu = createAppMenu(
      Menu,
      { platform: 'win32', vault: 'unlocked', quickCopyShortcut: null, exportAllowed: true },
      () => {}
    )
    expect(installed).toHaveLength(1)
    expect(byLabel(installed[0]!, 'New account…').enabled).toBe(true)
    menu.update({ vault: 'unlocked' })
    expect(installed).toHaveLength(1)
    menu.update({ vault: 'locked' })
    expect(installed).toHaveLength(2)
    expect(byLabel(installed[1]!, 'New account…').enabled).toBe(false)
    expect(byLabel(installed[1]!, 'Keyboard shortcuts').enabled).toBe(true)
  })
})

describe('menu and tray commands', () => {
  it('window commands go to the window; open, quick copy, lock and quit are main’s', () => {
    const calls: string[] = []
    const run = createCommandRunner({
      toWindow: (c) => calls.push(`window:${c}`),
      showMain: () => calls.push('show'),
      showQuickCopy: () => calls.push('quick-copy'),
      lock: () => calls.push('lock'),
      quit: () => calls.push('quit')
    })
    for (const c of [
      'new-account',
      'settings',
      'scan-screen',
      'check-clock',
      'open',
      'quick-copy',
      'lock',
      'quit'
    ] as const) {
      run(c)
    }
    expect(calls).toEqual([
      'window:new-account',
      'window:settings',
      'window:scan-screen',
      'window:check-clock',
      'show',
      'quick-copy',
      'lock',
      'quit'
    ])
  })
})
