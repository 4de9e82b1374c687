/**
 * Batch writes of the account stores: `updateMany` (sort, renumber) and `restore` (undo of a
 * delete) are ONE write each, keep ids, and write nothing at all when they refuse.
 * Both stores run the same table; the vault additionally counts its saves on disk and is raced
 * by a second Vault instance standing in for the CLI.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import type { Account, NewAccount } from '../../../src/shared/model'
import { type AccountStore } from '../../../src/main/core/accounts/store'
import { MemoryAccountStore } from '../../helpers/memory-account-store'
import { MemoryKeychain } from '../../helpers/memory-keychain'
import { Vault } from '../../../src/main/core/vault'

const NOW = 1_700_000_000_000

function acct(i: number, extra: Partial<NewAccount> = {}): NewAccount {
  return {
    issuer: `Issuer ${i}`,
    label: `user${i}@example.com`,
    otp: {
      type: i % 2 === 0 ? 'totp' : 'hotp',
      secret: 'JBSWY3DPEHPK3PXP',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: i
    },
    ...extra
  }
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

interface Harness {
  store: AccountStore
  /** Durable saves so far (the vault's temp-file hook; the memory store has no disk). */
  saves: () => number
  /** The bytes on disk, or null for the memory store. */
  file: () => string | null
}

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function vaultHarness(): Promise<
  Harness & { vault: Vault; dir: string; keychain: MemoryKeychain }
> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-batch-'))
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
  saves = 0
  return {
    store: vault,
    vault,
    dir,
    keychain,
    saves: () => saves,
    file: () => readFileSync(vault.paths.vault, 'utf8')
  }
}

const kinds: Array<[string, () => Promise<Harness>]> = [
  [
    'memory store',
    async () => ({ store: new MemoryAccountStore(() => NOW), saves: () => 0, file: () => null })
  ],
  ['encrypted vault', vaultHarness]
]

describe.each(kinds)('%s', (kind, make) => {
  const onDisk = kind === 'encrypted vault'

  it('updateMany applies every patch in one write and returns them in the order given', async () => {
    const h = await make()
    const added = await h.store.addMany([acct(0), acct(1), acct(2), acct(3)])
    const before = h.saves()
    const ids = added.map((a) => a.id)
    const out = await h.store.updateMany([
      { id: ids[3]!, patch: { order: 0 } },
      { id: ids[0]!, patch: { order: 3, favorite: true } },
      { id: ids[1]!, patch: { counter: 42 } },
      { id: ids[1]!, patch: { label: 'renamed' } }
    ])
    expect(out.map((a) => a.id)).toEqual([ids[3], ids[0], ids[1], ids[1]])
    expect(h.store.list().map((a) => a.id)).toEqual([ids[3], ids[1], ids[2], ids[0]])
    expect(h.store.get(ids[0]!)).toMatchObject({ order: 3, favorite: true })
    // a later patch for the same id goes on top of the earlier one
    expect(h.store.get(ids[1]!)).toMatchObject({ label: 'renamed', otp: { counter: 42 } })
    if (onDisk) expect(h.saves() - before).toBe(1)
  })

  it('updateMany with an unknown id is NOT_FOUND and changes nothing, not even the known ones', async () => {
    const h = await make()
    const added = await h.store.addMany([acct(0), acct(1)])
    const listBefore = structuredClone(h.store.list())
    const fileBefore = h.file()
    const savesBefore = h.saves()
    const code = await codeOf(
      h.store.updateMany([
        { id: added[0]!.id, patch: { order: 9 } },
        { id: 'no-such-account', patch: { order: 0 } }
      ])
    )
    expect(code).toBe('NOT_FOUND')
    expect(h.store.list()).toEqual(listBefore)
    expect(h.saves()).toBe(savesBefore)
    expect(h.file()).toBe(fileBefore)
  })

  it('updateMany of nothing writes nothing', async () => {
    const h = await make()
    await h.store.addMany([acct(0)])
    const before = h.saves()
    expect(await h.store.updateMany([])).toEqual([])
    expect(h.saves()).toBe(before)
  })

  it('restore puts removed accounts back with the same ids, orders and fields, in one write', async () => {
    const h = await make()
    const added = await h.store.addMany([acct(0), acct(1, { tags: ['work'] }), acct(2), acct(3)])
    await h.store.update(added[1]!.id, {
      favorite: true,
      note: 'recovery codes in the safe',
      enrollment: { serverId: 'srv-1', startedAt: NOW - 5 }
    })
    const gone = [h.store.get(added[1]!.id)!, h.store.get(added[2]!.id)!]
    const snapshot = structuredClone(gone)
    await h.store.remove(gone[0]!.id)
    await h.store.remove(gone[1]!.id)
    const before = h.saves()
    const back = await h.store.restore(gone)
    expect(back).toEqual(snapshot)
    if (onDisk) expect(h.saves() - before).toBe(1)
    expect(h.store.list().map((a) => a.id)).toEqual(added.map((a) => a.id))
    expect(h.store.get(gone[0]!.id)).toEqual(snapshot[0])
  })

  it('restore of an id that is already there is DUPLICATE and writes nothing', async () => {
    const h = await make()
    const added = await h.store.addMany([acct(0), acct(1)])
    const removed = h.store.get(added[1]!.id)!
    await h.store.remove(removed.id)
    const present = h.store.get(added[0]!.id)!
    const listBefore = structuredClone(h.store.list())
    const fileBefore = h.file()
    const savesBefore = h.saves()
    // one good, one already present: neither goes in
    expect(await codeOf(h.store.restore([removed, present]))).toBe('DUPLICATE')
    // the same account twice in one call
    expect(await codeOf(h.store.restore([removed, removed]))).toBe('DUPLICATE')
    expect(h.store.list()).toEqual(listBefore)
    expect(h.saves()).toBe(savesBefore)
    expect(h.file()).toBe(fileBefore)
    // a second undo after a successful one is refused too
    await h.store.restore([removed])
    expect(await codeOf(h.store.restore([removed]))).toBe('DUPLICATE')
    expect(h.store.list()).toHaveLength(2)
  })

  it('restore puts an account back in its old place even when a newer one took its order', async () => {
    const h = await make()
    const [a, b] = await h.store.addMany([acct(0), acct(1)])
    const removed = h.store.get(b!.id)!
    await h.store.remove(b!.id)
    // added at the end while b was gone: it gets b's old order number
    const [c] = await h.store.addMany([acct(2)])
    expect(c!.order).toBe(removed.order)
    await h.store.restore([removed])
    expect(h.store.list().map((x) => x.id)).toEqual([a!.id, b!.id, c!.id])
  })

  it('restore keeps its own copy: changing the object afterwards does not change the store', async () => {
    const h = await make()
    const [a] = await h.store.addMany([acct(0)])
    const removed = structuredClone(h.store.get(a!.id)!)
    await h.store.remove(a!.id)
    await h.store.restore([removed])
    removed.label = 'tampered'
    removed.otp.counter = 999
    expect(h.store.get(a!.id)).toMatchObject({ label: 'user0@example.com', otp: { counter: 0 } })
  })
})

describe('encrypted vault: batch writes against another process', () => {
  async function second(dir: string, keychain: MemoryKeychain): Promise<Vault> {
    const other = new Vault({ dataDir: dir, keychain, now: () => NOW })
    await other.unlockWithKeychain()
    return other
  }

  it('updateMany keeps an account another process added after our last read', async () => {
    const h = await vaultHarness()
    const mine = await h.vault.addMany([acct(0), acct(1), acct(2)])
    const cli = await second(h.dir, h.keychain)
    const [theirs] = await cli.addMany([acct(7, { issuer: 'Added by the CLI' })])
    // we have not seen it yet
    expect(h.vault.get(theirs!.id)).toBeUndefined()
    const before = h.saves()
    await h.vault.updateMany(mine.map((a, i) => ({ id: a.id, patch: { order: 2 - i } })))
    expect(h.saves() - before).toBe(1)
    const reader = await second(h.dir, h.keychain)
    expect(reader.list().map((a) => a.issuer)).toEqual([
      'Issuer 2',
      'Issuer 1',
      'Issuer 0',
      'Added by the CLI'
    ])
    expect(h.vault.get(theirs!.id)?.issuer).toBe('Added by the CLI')
  })

  it('restore keeps an account another process added after our last read', async () => {
    const h = await vaultHarness()
    const [a, b] = await h.vault.addMany([acct(0), acct(1)])
    const removed = h.vault.get(b!.id)!
    await h.vault.remove(b!.id)
    const cli = await second(h.dir, h.keychain)
    const [theirs] = await cli.addMany([acct(5, { issuer: 'Added by the CLI' })])
    await h.vault.restore([removed])
    const reader = await second(h.dir, h.keychain)
    expect(reader.list().map((x) => x.id)).toEqual([a!.id, b!.id, theirs!.id])
    expect(reader.get(b!.id)).toEqual(removed)
  })

  it('updateMany is NOT_FOUND and writes nothing when another process deleted one of the accounts', async () => {
    const h = await vaultHarness()
    const [a, b] = await h.vault.addMany([acct(0), acct(1)])
    const cli = await second(h.dir, h.keychain)
    await cli.remove(b!.id)
    const fileBefore = h.file()
    const before = h.saves()
    const code = await codeOf(
      h.vault.updateMany([
        { id: a!.id, patch: { order: 5 } },
        { id: b!.id, patch: { order: 0 } }
      ])
    )
    expect(code).toBe('NOT_FOUND')
    expect(h.saves()).toBe(before)
    expect(h.file()).toBe(fileBefore)
    // and the in-memory view caught up with the other process's delete
    expect(h.vault.list().map((x) => x.id)).toEqual([a!.id])
  })

  it('restore is DUPLICATE when another process already put the account back', async () => {
    const h = await vaultHarness()
    const [, b] = await h.vault.addMany([acct(0), acct(1)])
    const removed = h.vault.get(b!.id)!
    await h.vault.remove(b!.id)
    const cli = await second(h.dir, h.keychain)
    await cli.restore([removed])
    const before = h.saves()
    expect(await codeOf(h.vault.restore([removed]))).toBe('DUPLICATE')
    expect(h.saves()).toBe(before)
  })

  it('refuses a batch that could not be read back (INVALID_INPUT) and writes nothing', async () => {
    const h = await vaultHarness()
    const [a] = await h.vault.addMany([acct(0)])
    const fileBefore = h.file()
    expect(await codeOf(h.vault.updateMany([{ id: a!.id, patch: { order: Number.NaN } }]))).toBe(
      'INVALID_INPUT'
    )
    const broken = { ...h.vault.get(a!.id)!, id: 'other', otp: { ...a!.otp, counter: -1 } }
    expect(await codeOf(h.vault.restore([broken as Account]))).toBe('INVALID_INPUT')
    expect(h.file()).toBe(fileBefore)
    expect(h.vault.list()).toHaveLength(1)
  })

  it('is VAULT_LOCKED while locked', async () => {
    const h = await vaultHarness()
    const [a] = await h.vault.addMany([acct(0)])
    const removed = h.vault.get(a!.id)!
    h.vault.lock()
    expect(await codeOf(h.vault.updateMany([{ id: a!.id, patch: { order: 1 } }]))).toBe(
      'VAULT_LOCKED'
    )
    expect(await codeOf(h.vault.restore([removed]))).toBe('VAULT_LOCKED')
    expect(h.saves()).toBe(1)
  })
})
