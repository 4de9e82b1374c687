/**
 * The desktop settings' handlers over a real device.json and the real ShortcutManager (a fake
 * globalShortcut and login item behind the port): what Settings shows is what is in force.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DeviceSettingsStore } from '../../../src/main/core/device/settings'
import { desktopHandlers } from '../../../src/main/handlers/desktop'
import type { CallContext } from '../../../src/main/handlers'
import { createDesktopDouble } from '../../helpers/desktop-double'

const ctx: CallContext = { transport: 'direct' }
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-desktop-'))
  dirs.push(dir)
  const device = new DeviceSettingsStore(dir)
  const double = createDesktopDouble({ initial: device.get().quickCopyShortcut })
  const h = desktopHandlers({ device, port: double.port })
  const onDisk = () =>
    JSON.parse(readFileSync(join(dir, 'device.json'), 'utf8')) as Record<string, unknown>
  return { device, double, h, onDisk }
}

describe('desktop settings', () => {
  it('starts with the default shortcut registered and start at login off', async () => {
    const { h, double } = setup()
    const view = await h['desktop:settings'](undefined, ctx)
    expect(view).toMatchObject({
      startAtLogin: false,
      closeToTray: false,
      quickCopyShortcut: 'CommandOrControl+Shift+A',
      shortcut: { status: 'registered', message: 'Ctrl+Shift+A opens Quick copy from anywhere.' }
    })
    expect(double.registered()).toEqual(['CommandOrControl+Shift+A'])
  })

  it('a new shortcut is registered, saved, and pressing it opens Quick copy', async () => {
    const { h, double, onDisk } = setup()
    const view = await h['desktop:setShortcut']({ accelerator: 'CommandOrControl+Alt+K' }, ctx)
    expect(view.quickCopyShortcut).toBe('CommandOrControl+Alt+K')
    expect(view.shortcut?.message).toBe('Ctrl+Alt+K opens Quick copy from anywhere.')
    expect(double.registered()).toEqual(['CommandOrControl+Alt+K'])
    expect(onDisk()['quickCopyShortcut']).toBe('CommandOrControl+Alt+K')
    expect(double.press('CommandOrControl+Shift+A')).toBe(false)
    double.press('CommandOrControl+Alt+K')
    expect(double.opened()).toBe(1)
  })

  it('one another app holds is not saved; the previous one keeps working and it says so', async () => {
    const { h, double, device } = setup()
    double.taken.add('CommandOrControl+Alt+T')
    const view = await h['desktop:setShortcut']({ accelerator: 'CommandOrControl+Alt+T' }, ctx)
    expect(view.shortcut).toMatchObject({ status: 'taken', requested: 'CommandOrControl+Alt+T' })
    expect(view.shortcut?.message).toBe(
      'Another app already uses Ctrl+Alt+T. Choose another shortcut, or free it in that app. Ctrl+Shift+A still opens Quick copy.'
    )
    expect(view.quickCopyShortcut).toBe('CommandOrControl+Shift+A')
    expect(device.get().quickCopyShortcut).toBe('CommandOrControl+Shift+A')
    expect(double.registered()).toEqual(['CommandOrControl+Shift+A'])
  })

  it('a plain letter is refused as a global shortcut and nothing changes', async () => {
    const { h, double } = setup()
    const view = await h['desktop:setShortcut']({ accelerator: 'K' }, ctx)
    expect(view.shortcut?.status).toBe('invalid')
    expect(view.shortcut?.message).toMatch(/Ctrl\+Shift\+A still opens Quick copy\.$/)
    expect(view.quickCopyShortcut).toBe('CommandOrControl+Shift+A')
    expect(double.registered()).toEqual(['CommandOrControl+Shift+A'])
  })

  it('turned off: nothing registered, saved as none', async () => {
    const { h, double, onDisk } = setup()
    const view = await h['desktop:setShortcut']({ accelerator: null }, ctx)
    expect(view.quickCopyShortcut).toBeNull()
    expect(view.shortcut?.status).toBe('off')
    expect(double.registered()).toEqual([])
    expect(onDisk()['quickCopyShortcut']).toBeNull()
  })

  it('start at login asks the OS first, hidden or not; close to tray is only saved', async () => {
    const { h, double, onDisk } = setup()
    await h['desktop:update']({ closeToTray: true }, ctx)
    expect(double.loginItems).toEqual([])
    expect(onDisk()['closeToTray']).toBe(true)
    const on = await h['desktop:update']({ startAtLogin: true }, ctx)
    expect(on).toMatchObject({ startAtLogin: true, startHidden: true, closeToTray: true })
    await h['desktop:update']({ startHidden: false }, ctx)
    expect(double.loginItems).toEqual([
      { startAtLogin: true, startHidden: true },
      { startAtLogin: true, startHidden: false }
    ])
    expect(onDisk()).toMatchObject({ startAtLogin: true, startHidden: false })
  })

  it('a login item the OS refuses is not saved as on', async () => {
    const { h, double, device } = setup()
    double.failLoginItem = 'The system did not accept the change.'
    await expect(h['desktop:update']({ startAtLogin: true }, ctx)).rejects.toThrow(
      'The system did not accept the change.'
    )
    expect(device.get().startAtLogin).toBe(false)
    expect(double.loginItems).toEqual([])
  })
})
