import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  correctionMs,
  DEFAULT_DEVICE_SETTINGS,
  DeviceSettingsStore,
  loadDeviceSettings,
  MAX_RECENT
} from '../../../src/main/core/device/settings'

const dirs: string[] = []
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tessera-device-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('device.json', () => {
  it('defaults: start at login off, close to tray off, Ctrl/Cmd+Shift+A, no clock check without consent', () => {
    const s = loadDeviceSettings(dir())
    expect(s).toEqual({
      startAtLogin: false,
      startHidden: true,
      closeToTray: false,
      quickCopyShortcut: 'CommandOrControl+Shift+A',
      clock: { autoCheck: false, useTimeUrl: false, timeUrl: null, correct: false, last: null },
      recent: []
    })
    expect(correctionMs(s)).toBe(0)
  })

  it('saves owner-only, and a second store (the CLI) reads what the app wrote', async () => {
    const d = dir()
    const store = new DeviceSettingsStore(d)
    await store.update({
      closeToTray: true,
      clock: {
        correct: true,
        last: { offsetMs: -47_000, measuredAt: 1, used: 3, uncertaintyMs: 600 }
      }
    })
    if (process.platform !== 'win32')
      expect(statSync(join(d, 'device.json')).mode & 0o777).toBe(0o600)
    const again = loadDeviceSettings(d)
    expect(again.closeToTray).toBe(true)
    expect(correctionMs(again)).toBe(-47_000)
  })

  it('clock fields merge one by one (turning correction on keeps the measurement)', async () => {
    const store = new DeviceSettingsStore(dir())
    await store.update({
      clock: { last: { offsetMs: 20_000, measuredAt: 5, used: 2, uncertaintyMs: 500 } }
    })
    const s = await store.update({ clock: { correct: true } })
    expect(s.clock).toMatchObject({ correct: true, last: { offsetMs: 20_000 } })
    expect(correctionMs(s)).toBe(20_000)
  })

  it('a tampered file: each wrong field falls back to its default, the right ones stay', () => {
    const d = dir()
    writeFileSync(
      join(d, 'device.json'),
      JSON.stringify({
        startAtLogin: 'yes',
        closeToTray: true,
        quickCopyShortcut: 'A',
        clock: {
          correct: true,
          timeUrl: 'javascript:alert(1)',
          last: { offsetMs: 9e15, measuredAt: 1, used: 1, uncertaintyMs: 0 }
        },
        recent: ['a', 7, 'a', 'b', 'x'.repeat(500)]
      })
    )
    const s = loadDeviceSettings(d)
    expect(s.startAtLogin).toBe(false)
    expect(s.closeToTray).toBe(true)
    expect(s.quickCopyShortcut).toBe(DEFAULT_DEVICE_SETTINGS.quickCopyShortcut)
    expect(s.clock.timeUrl).toBeNull()
    // A "correction" of centuries is not a clock that drifted: ignored, codes use the clock as is.
    expect(s.clock.last).toBeNull()
    expect(correctionMs(s)).toBe(0)
    expect(s.recent).toEqual(['a', 'b'])
  })

  it('a file that is not JSON gives the defaults', () => {
    const d = dir()
    writeFileSync(join(d, 'device.json'), '{ not json')
    expect(loadDeviceSettings(d)).toEqual(DEFAULT_DEVICE_SETTINGS)
  })

  it('recent copies: newest first, no repeats, capped', async () => {
    const store = new DeviceSettingsStore(dir())
    await store.recordCopy('a')
    await store.recordCopy('b')
    await store.recordCopy('a')
    expect(store.get().recent).toEqual(['a', 'b'])
    for (let i = 0; i < MAX_RECENT + 5; i++) await store.recordCopy(`id-${i}`)
    expect(store.get().recent).toHaveLength(MAX_RECENT)
    expect(store.get().recent[0]).toBe(`id-${MAX_RECENT + 4}`)
    await store.forgetMissing(new Set([`id-${MAX_RECENT + 4}`]))
    expect(store.get().recent).toEqual([`id-${MAX_RECENT + 4}`])
  })

  it('two quick changes both land, in order', async () => {
    const d = dir()
    const store = new DeviceSettingsStore(d)
    await Promise.all([store.update({ closeToTray: true }), store.update({ startAtLogin: true })])
    const onDisk = JSON.parse(readFileSync(join(d, 'device.json'), 'utf8')) as Record<
      string,
      unknown
    >
    expect(onDisk).toMatchObject({ closeToTray: true, startAtLogin: true })
    expect(store.get()).toMatchObject({ closeToTray: true, startAtLogin: true })
  })

  it('a write that fails says where and why, and the settings stay as they were', async () => {
    const d = dir()
    const store = new DeviceSettingsStore(join(d, 'file-not-folder'))
    writeFileSync(join(d, 'file-not-folder'), 'x')
    await expect(store.update({ closeToTray: true })).rejects.toMatchObject({ code: 'IO' })
    expect(store.get().closeToTray).toBe(false)
  })
})
