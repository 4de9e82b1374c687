import type { Session, WebContents } from 'electron'
import { describe, expect, it } from 'vitest'
import { denyAllPermissions, lockDownContents } from '../../../src/main/app/security'

type Listener = (...args: unknown[]) => unknown

/** Records what the lock-down registers, in the shape Electron calls it back. */
function fakeContents() {
  const listeners = new Map<string, Listener>()
  let openHandler: Listener | undefined
  const contents = {
    on(name: string, listener: Listener) {
      listeners.set(name, listener)
      return contents
    },
    setWindowOpenHandler(handler: Listener) {
      openHandler = handler
    }
  }
  const fire = (name: string, extra: Record<string, unknown> = {}) => {
    let prevented = false
    const event = { preventDefault: () => (prevented = true), ...extra }
    const listener = listeners.get(name)
    if (!listener) throw new Error(`no ${name} listener`)
    listener(event, 'https://evil.example/')
    return prevented
  }
  return {
    contents: contents as unknown as WebContents,
    fire,
    open: () => openHandler?.({ url: 'https://evil.example/' })
  }
}

describe('lockDownContents', () => {
  it('denies window.open', () => {
    const fake = fakeContents()
    lockDownContents(fake.contents)
    expect(fake.open()).toEqual({ action: 'deny' })
  })

  it.each(['will-navigate', 'will-redirect', 'will-attach-webview'])('prevents %s', (name) => {
    const fake = fakeContents()
    lockDownContents(fake.contents)
    expect(fake.fire(name)).toBe(true)
  })

  it('prevents sub-frames from navigating', () => {
    const fake = fakeContents()
    lockDownContents(fake.contents)
    expect(fake.fire('will-frame-navigate', { isMainFrame: false })).toBe(true)
  })
})

describe('denyAllPermissions', () => {
  it('answers no to every permission request, check and device request', () => {
    const handlers: Record<string, Listener> = {}
    const session = {
      setPermissionRequestHandler: (h: Listener) => (handlers.request = h),
      setPermissionCheckHandler: (h: Listener) => (handlers.check = h),
      setDevicePermissionHandler: (h: Listener) => (handlers.device = h)
    } as unknown as Session
    denyAllPermissions(session)
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'hid']) {
      let granted: unknown = 'not called'
      handlers.request?.({}, permission, (answer: boolean) => (granted = answer), {})
      expect(granted, permission).toBe(false)
      expect(handlers.check?.({}, permission, 'app://tessera', {}), permission).toBe(false)
    }
    expect(handlers.device?.({ deviceType: 'usb' })).toBe(false)
  })
})
