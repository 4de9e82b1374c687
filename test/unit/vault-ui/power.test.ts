/** Lock on screen lock and sleep: follows the vault's lockOnSuspend setting (default on). */
import { EventEmitter } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PowerMonitor } from 'electron'
import { afterEach, describe, expect, it } from 'vitest'
import { lockOnSuspend } from '../../../src/main/app/power'
import { MemoryKeychain } from '../../helpers/memory-keychain'
import { DEFAULT_SETTINGS, Vault, type VaultEvent } from '../../../src/main/core/vault'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function unlockedVault() {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-power-'))
  dirs.push(dataDir)
  const vault = new Vault({ dataDir, keychain: new MemoryKeychain() })
  await vault.create({ keychain: true })
  const events: VaultEvent[] = []
  vault.onEvent((e) => events.push(e))
  const power = new EventEmitter()
  const stop = lockOnSuspend(power as unknown as PowerMonitor, vault)
  return { vault, events, power, stop }
}

describe('lockOnSuspend', () => {
  it('is on by default in a new vault’s settings', async () => {
    expect(DEFAULT_SETTINGS.lockOnSuspend).toBe(true)
    const { vault } = await unlockedVault()
    expect(vault.getSettings().lockOnSuspend).toBe(true)
  })

  it.each(['lock-screen', 'suspend'])('locks on %s, telling why', async (event) => {
    const { vault, events, power } = await unlockedVault()
    power.emit(event)
    expect(vault.isUnlocked).toBe(false)
    expect(events).toEqual([{ type: 'locked', reason: 'system' }])
  })

  it('stays open when the setting is off, and after unsubscribing', async () => {
    const { vault, power, stop } = await unlockedVault()
    await vault.updateSettings({ lockOnSuspend: false })
    power.emit('suspend')
    expect(vault.isUnlocked).toBe(true)
    await vault.updateSettings({ lockOnSuspend: true })
    stop()
    power.emit('lock-screen')
    expect(vault.isUnlocked).toBe(true)
    expect(power.listenerCount('suspend') + power.listenerCount('lock-screen')).toBe(0)
  })

  it('does nothing while already locked', async () => {
    const { vault, events, power } = await unlockedVault()
    vault.lock()
    power.emit('suspend')
    expect(events).toEqual([{ type: 'locked', reason: 'user' }])
  })
})
