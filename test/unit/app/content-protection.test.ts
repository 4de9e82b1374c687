import { describe, expect, it } from 'vitest'
import {
  manageContentProtection,
  type ProtectableWindow
} from '../../../src/main/app/content-protection'

function fakeWindow() {
  const calls: boolean[] = []
  let destroyed = false
  const w: ProtectableWindow = {
    setContentProtection: (on) => void calls.push(on),
    isDestroyed: () => destroyed
  }
  return { w, calls, destroy: () => (destroyed = true) }
}

describe('manageContentProtection', () => {
  it('protects existing windows and every window created later, on by default', () => {
    const listeners: ((e: unknown, w: ProtectableWindow) => void)[] = []
    const first = fakeWindow()
    const windows: ProtectableWindow[] = [first.w]
    manageContentProtection({ on: (_e, l) => listeners.push(l) }, () => windows)
    expect(first.calls).toEqual([true])
    const second = fakeWindow()
    windows.push(second.w)
    for (const l of listeners) l({}, second.w)
    expect(second.calls).toEqual([true])
  })

  it('follows the setting on every open window, skipping closed ones', () => {
    const a = fakeWindow()
    const b = fakeWindow()
    const protection = manageContentProtection({ on: () => undefined }, () => [a.w, b.w])
    b.destroy()
    protection.set(false)
    expect(a.calls).toEqual([true, false])
    expect(b.calls).toEqual([true])
    expect(protection.enabled()).toBe(false)
  })
})
