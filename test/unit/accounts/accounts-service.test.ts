/**
 * The accounts service on a real encrypted vault in a temp folder: sorting and reordering are
 * one save however many accounts move, and Undo of a delete brings the account back under the
 * same id, in one save, as read back by a second process.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import type { NewAccount } from '../../../src/shared/model'
import { MemoryKeychain } from '../../helpers/memory-keychain'
import { AccountsService } from '../../../src/main/core/accounts/service'
import { Vault } from '../../../src/main/core/vault'

const NOW = 1_700_000_000_000
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function acct(issuer: string, label = 'me@example.com', counter = 0): NewAccount {
  return {
    issuer,
    label,
    otp: {
      type: counter > 0 ? 'hotp' : 'totp',
      secret: 'JBSWY3DPEHPK3PXP',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter
    }
  }
}

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-svc-'))
  dirs.push(dir)
  const keychain = new MemoryKeychain()
  let saves = 0
  const vault = new Vault({
    dataDir: dir,
    keychain,
    now: () => NOW,
    hooks: { afterTempWritten: () => void saves++ }
  })
  await vault.create({ keychain: true })
  const changes: Array<{ reason: string; ids: string[] }> = []
  const service = new AccountsService(vault, () => NOW, {
    changed: (reason, ids) => changes.push({ reason, ids })
  })
  const reopen = async () => {
    const other = new Vault({ dataDir: dir, keychain, now: () => NOW })
    await other.unlockWithKeychain()
    return other
  }
  const counter = { reset: () => void (saves = 0), get: () => saves }
  return { vault, service, changes, saves: counter, reopen }
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    if (err instanceof AppError) return err.code
    throw err
  }
  return 'OK'
}

describe('sorting and moving on the vault', () => {
  it('sorts 1,000 accounts by name with exactly one save', async () => {
    const { vault, service, changes, saves, reopen } = await setup()
    // a shuffled order: issuer i*7919 mod 1000 (7919 is prime, so every number once)
    const n = 1000
    const issuers = Array.from({ length: n }, (_, i) => `Service ${(i * 7919) % n}`)
    await vault.addMany(issuers.map((s) => acct(s)))
    saves.reset()
    changes.length = 0
    await service.sortByName()
    expect(saves.get()).toBe(1)
    const expected = Array.from({ length: n }, (_, i) => `Service ${i}`)
    expect(service.list().map((a) => a.issuer)).toEqual(expected)
    expect((await reopen()).list().map((a) => a.issuer)).toEqual(expected)
    expect(changes).toHaveLength(1)
    expect(changes[0]?.reason).toBe('updated')
    expect(changes[0]?.ids.length).toBeGreaterThan(n / 2)
    // sorting a sorted list writes nothing
    await service.sortByName()
    expect(saves.get()).toBe(1)
  })

  it('moves with one save, also when the move has to renumber every account', async () => {
    const { vault, service, saves, reopen } = await setup()
    const [a, b, c, d] = await vault.addMany(['A', 'B', 'C', 'D'].map((s) => acct(s)))
    saves.reset()
    await service.move(d!.id, b!.id)
    expect(saves.get()).toBe(1)
    expect(service.list().map((x) => x.issuer)).toEqual(['A', 'D', 'B', 'C'])
    // no room left between A and D: the move renumbers all of them, still in one save
    await vault.updateMany([{ id: d!.id, patch: { order: a!.order } }])
    saves.reset()
    await service.move(c!.id, d!.id)
    expect(saves.get()).toBe(1)
    const order = ['A', 'C', 'D', 'B']
    expect(service.list().map((x) => x.issuer)).toEqual(order)
    expect(service.list().map((x) => x.order)).toEqual([0, 1, 2, 3])
    expect((await reopen()).list().map((x) => x.issuer)).toEqual(order)
  })
})

describe('undo of a delete on the vault', () => {
  it('brings the account back under the same id with every field, in one save', async () => {
    const { vault, service, changes, saves, reopen } = await setup()
    const [, b] = await vault.addMany([acct('A'), acct('B', 'bob', 7), acct('C')])
    await vault.update(b!.id, {
      tags: ['work'],
      favorite: true,
      note: 'backup codes in the drawer',
      enrollment: { serverId: 'srv-1', startedAt: NOW - 1 }
    })
    const before = structuredClone(vault.get(b!.id)!)
    await service.remove(b!.id)
    expect(vault.get(b!.id)).toBeUndefined()
    saves.reset()
    changes.length = 0
    const view = await service.restore(b!.id)
    expect(view.id).toBe(b!.id)
    expect(saves.get()).toBe(1)
    expect(changes).toEqual([{ reason: 'added', ids: [b!.id] }])
    const other = await reopen()
    expect(other.get(b!.id)).toEqual(before)
    expect(other.list().map((x) => x.issuer)).toEqual(['A', 'B', 'C'])
    // a second undo of the same delete is refused and writes nothing
    expect(await codeOf(service.restore(b!.id))).toBe('NOT_FOUND')
    expect(saves.get()).toBe(1)
  })

  it('an undo that could not be written (vault locked) can be tried again after unlocking', async () => {
    const { vault, service } = await setup()
    const [a] = await vault.addMany([acct('A')])
    await service.remove(a!.id)
    vault.lock()
    expect(await codeOf(service.restore(a!.id))).toBe('VAULT_LOCKED')
    await vault.unlockWithKeychain()
    expect((await service.restore(a!.id)).id).toBe(a!.id)
    expect(vault.list().map((x) => x.id)).toEqual([a!.id])
  })

  it('an undo the CLI already did is DUPLICATE and is not offered again', async () => {
    const { vault, service, saves, reopen } = await setup()
    const [a] = await vault.addMany([acct('A')])
    const removed = structuredClone(vault.get(a!.id)!)
    await service.remove(a!.id)
    await (await reopen()).restore([removed])
    saves.reset()
    expect(await codeOf(service.restore(a!.id))).toBe('DUPLICATE')
    expect(saves.get()).toBe(0)
    expect(await codeOf(service.restore(a!.id))).toBe('NOT_FOUND')
    expect(vault.list()).toHaveLength(1)
  })
})
