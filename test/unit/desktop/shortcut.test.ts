import { describe, expect, it } from 'vitest'
import { ShortcutManager } from '../../../src/main/core/desktop/shortcut'
import { FakeGlobalShortcuts } from '../../helpers/desktop-fakes'

function setup(taken: string[] = [], unavailable?: string) {
  const os = new FakeGlobalShortcuts(taken)
  let pressed = 0
  const manager = new ShortcutManager(os, () => pressed++, {
    platform: 'linux',
    ...(unavailable ? { unavailable } : {})
  })
  return { os, manager, presses: () => pressed }
}

describe('ShortcutManager: registration outcomes', () => {
  it('registers the default and the key press opens Quick copy', () => {
    const { os, manager, presses } = setup()
    const out = manager.apply('CommandOrControl+Shift+A')
    expect(out).toMatchObject({ status: 'registered', accelerator: 'CommandOrControl+Shift+A' })
    expect(out.message).toBe('Ctrl+Shift+A opens Quick copy from anywhere.')
    os.press('CommandOrControl+Shift+A')
    expect(presses()).toBe(1)
  })

  it('taken by another app: says so and registers nothing', () => {
    const { os, manager } = setup(['CommandOrControl+Shift+A'])
    const out = manager.apply('CommandOrControl+Shift+A')
    expect(out.status).toBe('taken')
    expect(out.message).toMatch(
      /^Another app already uses Ctrl\+Shift\+A\. Choose another shortcut/
    )
    expect(manager.accelerator).toBeNull()
    expect(os.ours()).toEqual([])
  })

  it('changing to a taken one keeps the previous shortcut working, and says so', () => {
    const { os, manager, presses } = setup(['Control+Alt+T'])
    manager.apply('CommandOrControl+Shift+A')
    const out = manager.apply('Ctrl+Alt+T')
    expect(out).toMatchObject({
      status: 'taken',
      accelerator: 'CommandOrControl+Shift+A',
      requested: 'Control+Alt+T'
    })
    expect(out.message).toMatch(/Ctrl\+Shift\+A still opens Quick copy\.$/)
    expect(os.ours()).toEqual(['CommandOrControl+Shift+A'])
    os.press('CommandOrControl+Shift+A')
    expect(presses()).toBe(1)
  })

  it('an invalid accelerator is refused before the OS sees it; the old one stays', () => {
    const { os, manager } = setup()
    manager.apply('CommandOrControl+Shift+A')
    const out = manager.apply('Shift+Q')
    expect(out.status).toBe('invalid')
    expect(out.message).toMatch(/Add Ctrl, Alt or Cmd/)
    expect(os.calls).toEqual(['register CommandOrControl+Shift+A'])
  })

  it('one the OS throws on (its own idea of invalid) is invalid, and the old one is back', () => {
    const { os, manager } = setup()
    os.throwsOn.add('Control+Alt+F24')
    manager.apply('CommandOrControl+Shift+A')
    const out = manager.apply('Control+Alt+F24')
    expect(out).toMatchObject({ status: 'invalid', accelerator: 'CommandOrControl+Shift+A' })
    expect(out.message).toMatch(/does not accept Ctrl\+Alt\+F24/)
    expect(os.ours()).toEqual(['CommandOrControl+Shift+A'])
  })

  it('changed: the old one is released, the new one works', () => {
    const { os, manager, presses } = setup()
    manager.apply('CommandOrControl+Shift+A')
    const out = manager.apply('Alt+Shift+K')
    expect(out).toMatchObject({ status: 'registered', accelerator: 'Alt+Shift+K' })
    expect(os.ours()).toEqual(['Alt+Shift+K'])
    os.press('CommandOrControl+Shift+A')
    expect(presses()).toBe(0)
    os.press('Alt+Shift+K')
    expect(presses()).toBe(1)
  })

  it('the same shortcut spelled differently is unchanged (no unregister/register churn)', () => {
    const { os, manager } = setup()
    manager.apply('CommandOrControl+Shift+A')
    const out = manager.apply('cmdorctrl+shift+a')
    expect(out.status).toBe('unchanged')
    expect(os.calls).toEqual(['register CommandOrControl+Shift+A'])
  })

  it('off: releases it', () => {
    const { os, manager } = setup()
    manager.apply('CommandOrControl+Shift+A')
    const out = manager.apply(null)
    expect(out.status).toBe('off')
    expect(out.message).toMatch(/Ctrl\+Shift\+A no longer opens Quick copy/)
    expect(os.ours()).toEqual([])
  })

  it('a desktop without global shortcuts says why and registers nothing', () => {
    const { os, manager } = setup(
      [],
      'This desktop (Wayland) does not let apps have global shortcuts.'
    )
    const out = manager.apply('CommandOrControl+Shift+A')
    expect(out).toMatchObject({ status: 'unavailable', accelerator: null })
    expect(out.message).toMatch(/Wayland/)
    expect(os.calls).toEqual([])
  })

  it('shows Mac shortcuts the Mac way', () => {
    const os = new FakeGlobalShortcuts(['CommandOrControl+Shift+A'])
    const manager = new ShortcutManager(os, () => undefined, { platform: 'darwin' })
    expect(manager.apply('CommandOrControl+Shift+A').message).toMatch(/uses ⇧⌘A/)
  })
})
