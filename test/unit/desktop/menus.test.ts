import { describe, expect, it } from 'vitest'
import { parseAnyAccelerator } from '../../../src/shared/accelerator'
import {
  appMenuModel,
  commandItems,
  trayMenuModel,
  type MenuModelItem
} from '../../../src/main/core/desktop/menus'

/** The menu as a user reads it: labels, with accelerators and greyed-out items marked. */
function read(model: readonly MenuModelItem[]): string[] {
  return model.map((i) => {
    if (i.type === 'separator') return '---'
    if (i.type === 'note') return `(${i.label})`
    if (i.type === 'role') return `[${i.role}]`
    if (i.type === 'submenu') return `${i.label} >`
    return `${i.label}${i.accelerator ? ` <${i.accelerator}>` : ''}${i.enabled ? '' : ' (greyed)'}`
  })
}

describe('tray menu per vault state', () => {
  it('unlocked: Open, Quick copy (with its shortcut), Scan, Lock now, Quit', () => {
    expect(
      read(trayMenuModel({ vault: 'unlocked', quickCopyShortcut: 'CommandOrControl+Shift+A' }))
    ).toEqual([
      'Open Tessera',
      'Quick copy… <CommandOrControl+Shift+A>',
      'Scan QR from screen',
      '---',
      'Lock now',
      '---',
      'Quit Tessera'
    ])
  })

  it('locked: says so, Quick copy and Scan unlock first, Lock now is greyed', () => {
    expect(read(trayMenuModel({ vault: 'locked', quickCopyShortcut: null }))).toEqual([
      '(Tessera is locked)',
      '---',
      'Open Tessera',
      'Unlock and quick copy…',
      'Unlock and scan QR from screen…',
      '---',
      'Lock now (greyed)',
      '---',
      'Quit Tessera'
    ])
  })

  it('the shortcut beside Quick copy is only shown: the global shortcut owns it', () => {
    const item = commandItems(
      trayMenuModel({ vault: 'unlocked', quickCopyShortcut: 'Alt+Shift+K' })
    ).find((i) => i.command === 'quick-copy')
    expect(item).toMatchObject({ accelerator: 'Alt+Shift+K', registerAccelerator: false })
  })

  it('before setup and with a damaged vault: open the window to fix it, or quit', () => {
    expect(
      read(trayMenuModel({ vault: 'missing', quickCopyShortcut: 'CommandOrControl+Shift+A' }))
    ).toEqual(['(Tessera is not set up yet)', 'Set up Tessera…', '---', 'Quit Tessera'])
    expect(read(trayMenuModel({ vault: 'corrupt', quickCopyShortcut: null }))[1]).toBe(
      'Open Tessera to repair it…'
    )
  })
})

describe('application menu', () => {
  const base = {
    vault: 'unlocked' as const,
    quickCopyShortcut: 'CommandOrControl+Shift+A',
    exportAllowed: true
  }

  it.each(['darwin', 'win32', 'linux'] as const)(
    '%s: the commands carry the issue’s accelerators',
    (platform) => {
      const items = commandItems(appMenuModel({ ...base, platform }))
      const acc = Object.fromEntries(items.map((i) => [i.command, i.accelerator ?? null]))
      expect(acc).toMatchObject({
        'new-account': 'CommandOrControl+N',
        scan: 'CommandOrControl+Shift+S',
        import: 'CommandOrControl+I',
        export: null,
        servers: null,
        settings: 'CommandOrControl+,',
        lock: 'CommandOrControl+L',
        'quick-copy': 'CommandOrControl+Shift+A',
        shortcuts: '?'
      })
      // Every accelerator is one Electron can read, and no two commands claim the same keys.
      const claimed = items.filter((i) => i.accelerator && i.registerAccelerator !== false)
      for (const i of claimed)
        expect(parseAnyAccelerator(i.accelerator ?? ''), i.label).not.toBeNull()
      const keys = claimed.map((i) => parseAnyAccelerator(i.accelerator ?? '')?.text)
      expect(new Set(keys).size).toBe(keys.length)
    }
  )

  it('does not claim keys the Edit menu or the window need (copy, paste, select all)', () => {
    const claimed = commandItems(appMenuModel({ ...base, platform: 'linux' }))
      .filter((i) => i.registerAccelerator !== false)
      .map((i) => i.accelerator)
    for (const k of [
      'CommandOrControl+C',
      'CommandOrControl+V',
      'CommandOrControl+X',
      'CommandOrControl+A',
      'CommandOrControl+Z'
    ]) {
      expect(claimed).not.toContain(k)
    }
  })

  it('macOS: an app menu (About, Settings…, Services, Hide, Quit) and an Edit menu with the standard roles', () => {
    const model = appMenuModel({ ...base, platform: 'darwin' })
    expect(read(model)).toEqual(['Tessera >', 'File >', 'Edit >', 'View >', 'Window >', 'Help >'])
    const app = model[0]
    const edit = model[2]
    if (app?.type !== 'submenu' || edit?.type !== 'submenu') throw new Error('menus missing')
    expect(app.role).toBe('appMenu')
    expect(read(app.items)).toEqual([
      '[about]',
      '---',
      'Settings… <CommandOrControl+,>',
      '---',
      '[services]',
      '---',
      '[hide]',
      '[hideOthers]',
      '[unhide]',
      '---',
      '[quit]'
    ])
    expect(read(edit.items).filter((l) => l.startsWith('['))).toEqual([
      '[undo]',
      '[redo]',
      '[cut]',
      '[copy]',
      '[paste]',
      '[pasteAndMatchStyle]',
      '[delete]',
      '[selectAll]'
    ])
  })

  it('Windows and Linux: Settings and Quit sit in File, About in Help, with mnemonics', () => {
    const model = appMenuModel({ ...base, platform: 'win32' })
    expect(read(model)).toEqual(['&File >', '&Edit >', '&View >', '&Window >', '&Help >'])
    const file = model[0]
    const help = model[4]
    if (file?.type !== 'submenu' || help?.type !== 'submenu') throw new Error('menus missing')
    expect(read(file.items)).toEqual([
      'New account… <CommandOrControl+N>',
      'Scan QR… <CommandOrControl+Shift+S>',
      '---',
      'Import… <CommandOrControl+I>',
      'Export…',
      '---',
      'Servers',
      'Settings <CommandOrControl+,>',
      '---',
      'Quick copy… <CommandOrControl+Shift+A>',
      'Lock <CommandOrControl+L>',
      '---',
      '[quit]'
    ])
    expect(read(help.items)).toContain('[about]')
  })

  it('locked: commands that need the vault are greyed; Quick copy (it unlocks) and the shortcuts sheet are not', () => {
    const items = commandItems(appMenuModel({ ...base, vault: 'locked', platform: 'linux' }))
    const enabled = Object.fromEntries(items.map((i) => [i.command, i.enabled]))
    expect(enabled).toMatchObject({
      'new-account': false,
      scan: false,
      import: false,
      export: false,
      settings: false,
      lock: false,
      'quick-copy': true,
      shortcuts: true
    })
  })

  it('export forbidden by policy: the item stays, greyed out', () => {
    const items = commandItems(appMenuModel({ ...base, exportAllowed: false, platform: 'linux' }))
    expect(items.find((i) => i.command === 'export')).toMatchObject({
      label: 'Export…',
      enabled: false
    })
  })
})
