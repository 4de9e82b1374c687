/**
 * The vault's key-slot operations: add or change the password, store the key in the keychain
 * (again), remove a way in. Changing the password and removing a way in re-key the vault: a new
 * master key, every remaining slot re-wrapped, the backup rewritten under it, so an old copy of
 * the file plus the old password (or the removed keychain item) opens nothing written since. Every change to how the vault opens needs the current password when
 * there is one (checked with the real scrypt against the slot, and again under the lock when
 * another process changed the slot meanwhile): anyone at an unlocked, unattended Tessera could
 * otherwise lock the owner out or make the vault open without the password.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { AppError } from '../../../shared/errors'
import type { Keychain, KeychainItemRef } from '../keychain'
import {
  DEFAULT_SCRYPT,
  makeKeychainSlot,
  newMasterKey,
  makePasswordSlot,
  unwrapPasswordSlot,
  type KeySlot,
  type PasswordSlot,
  type ScryptParams,
  type VaultDb,
  type VaultHeader
} from './format'

type SlotType = KeySlot['type']

/** What a change under the vault's lock hands back (see Vault's transaction). */
export interface VaultChange<R> {
  db: VaultDb
  header?: VaultHeader
  result: R
  /** A new master key: the file (and its backup) are sealed under it, and it becomes the key. */
  rekey?: Buffer
  /** Rewrite the backup as the new contents instead of keeping the previous file. */
  rotateBackup?: boolean
}

/** What the slot operations need of an unlocked vault. */
export interface SlotContext {
  /** The master key of the open vault (throws VAULT_LOCKED when locked). */
  key(): Buffer
  /** The header the open vault was read with (throws VAULT_LOCKED when locked). */
  header(): VaultHeader
  keychain: Keychain
  /** Keychain service name of the key item. */
  service: string
  /** One durable write under the lock, on the latest file (see Vault's transaction). */
  transact<R>(fn: (db: VaultDb, header: VaultHeader) => Promise<VaultChange<R>>): Promise<R>
}

/**
 * Adds a password slot, or replaces the existing one (= change password). Changing a password
 * needs the `current` one: anyone at an unlocked, unattended Tessera could otherwise replace it
 * and lock the owner out. WRONG_PASSWORD (nothing written) when `current` is missing or does not
 * open the vault. Adding the first password needs no `current`. A change re-keys the vault.
 */
export async function setPassword(
  ctx: SlotContext,
  password: string,
  options: { current?: string; scrypt?: ScryptParams } = {}
): Promise<void> {
  const checked = await checkCurrentPassword(ctx, ctx.header(), options.current)
  const params = options.scrypt ?? DEFAULT_SCRYPT
  if (!checked) {
    // the first password: a new way in, nothing to take away, the key stays
    const key = Buffer.from(ctx.key())
    const slot = await makePasswordSlot(key, password, params).finally(() => key.fill(0))
    await ctx.transact(async (db, header) => {
      await recheckCurrentPassword(ctx, header, checked, options.current)
      if (header.slots.some((s) => s.type === 'password')) {
        // another process added one meanwhile: replacing it is a change, which needs it
        throw new AppError(
          'WRONG_PASSWORD',
          'A password was set for this vault meanwhile. Type it as the current password.'
        )
      }
      return { db, header: { ...header, slots: [...header.slots, slot] }, result: undefined }
    })
    return
  }
  await rekey(ctx, async (header, key) => {
    await recheckCurrentPassword(ctx, header, checked, options.current)
    return header.slots.map((s) =>
      s.type === 'password' ? makePasswordSlot(key, password, params) : s
    )
  })
}

/**
 * Re-keys under the lock: `slotsFor` gets the latest header and the new master key and returns
 * the slots to keep (password slots re-wrapped by it, keychain slots as they were; this function
 * moves those to a new keychain item holding the new key). The new item is written before the
 * file and the old one deleted after it, so a crash anywhere leaves a file whose slots all open:
 * the old file with the old item, or the new file with the new item.
 */
async function rekey(
  ctx: SlotContext,
  slotsFor: (header: VaultHeader, key: Buffer) => Promise<Array<KeySlot | Promise<KeySlot>>>
): Promise<void> {
  const written: KeychainItemRef[] = []
  const old: KeychainItemRef[] = []
  try {
    await ctx.transact(async (db, header) => {
      const key = newMasterKey()
      try {
        const slots: KeySlot[] = []
        for (const s of await Promise.all(await slotsFor(header, key))) {
          if (s.type !== 'keychain') {
            slots.push(s)
            continue
          }
          const ref = {
            service: ctx.service,
            account: `vault-${header.vaultId}-${randomBytes(4).toString('hex')}`
          }
          await ctx.keychain.writeKey(ref, key)
          written.push(ref)
          old.push({ service: s.service, account: s.account })
          slots.push(makeKeychainSlot(key, ref))
        }
        return { db, header: { ...header, slots }, result: undefined, rekey: key }
      } catch (err) {
        key.fill(0)
        throw err
      }
    })
  } catch (err) {
    for (const ref of written) await ctx.keychain.deleteKey(ref).catch(() => undefined)
    throw err
  }
  for (const ref of old) await ctx.keychain.deleteKey(ref).catch(() => undefined)
}

/**
 * When `header` has a password slot: unwraps it with `current` (the real scrypt) and checks the
 * key is this vault's. WRONG_PASSWORD when `current` is missing or wrong. Returns the slot it
 * checked (null when there is none), so the write can skip a second scrypt when it is unchanged.
 */
async function checkCurrentPassword(
  ctx: SlotContext,
  header: VaultHeader,
  current: string | undefined
): Promise<PasswordSlot | null> {
  const slot = header.slots.find((s): s is PasswordSlot => s.type === 'password')
  if (!slot) return null
  if (current === undefined || current === '') {
    throw new AppError(
      'WRONG_PASSWORD',
      'Type your current vault password: it is needed to change how the vault opens.'
    )
  }
  const key = await unwrapPasswordSlot(slot, current)
  try {
    const mine = ctx.key()
    if (key.length !== mine.length || !timingSafeEqual(key, mine)) {
      throw new AppError(
        'WRONG_PASSWORD',
        'That password does not open this vault. Check it and try again.'
      )
    }
  } finally {
    key.fill(0)
  }
  return slot
}

/** Under the lock: checks again when another process changed the password slot meanwhile. */
async function recheckCurrentPassword(
  ctx: SlotContext,
  header: VaultHeader,
  checked: PasswordSlot | null,
  current: string | undefined
): Promise<void> {
  const slot = header.slots.find((s): s is PasswordSlot => s.type === 'password')
  if (!slot) return
  if (checked && slot.salt === checked.salt && slot.key === checked.key) return
  await checkCurrentPassword(ctx, header, current)
}

/**
 * Stores the master key in the OS keychain (again) and records the keychain slot: use it after
 * KEYCHAIN_ITEM_MISSING / _CORRUPT once the user unlocked with the password. When the vault has
 * a password, it is needed as `current` (anyone at an unlocked, unattended Tessera could
 * otherwise make the vault open without it): WRONG_PASSWORD, nothing written to the file or the
 * keychain, when it is missing or wrong. A vault without a password needs none.
 */
export async function enableKeychain(ctx: SlotContext, current?: string): Promise<void> {
  const cur = { header: ctx.header(), key: ctx.key() }
  const checked = await checkCurrentPassword(ctx, cur.header, current)
  const ref = { service: ctx.service, account: `vault-${cur.header.vaultId}` }
  const slot = makeKeychainSlot(cur.key, ref)
  const hadItem = cur.header.slots.some((s) => s.type === 'keychain')
  await ctx.keychain.writeKey(ref, cur.key)
  try {
    await ctx.transact(async (db, header) => {
      await recheckCurrentPassword(ctx, header, checked, current)
      return {
        db,
        header: {
          ...header,
          slots: [slot, ...header.slots.filter((s) => s.type !== 'keychain')]
        },
        result: undefined
      }
    })
  } catch (err) {
    // another process changed the password meanwhile and `current` no longer opens the vault
    if (!hadItem && err instanceof AppError && err.code === 'WRONG_PASSWORD') {
      await ctx.keychain.deleteKey(ref).catch(() => undefined)
    }
    throw err
  }
}

/**
 * Removes a slot; refuses to remove the last one (the vault would be unopenable). When the
 * vault has a password, removing either slot needs it as `current` (the user proves they can
 * still open the vault): WRONG_PASSWORD, nothing written, when it is missing or wrong.
 */
export async function removeSlot(
  ctx: SlotContext,
  type: SlotType,
  current?: string
): Promise<void> {
  const refuseLast = (header: VaultHeader) => {
    if (!header.slots.every((s) => s.type === type)) return
    throw new AppError(
      'INVALID_INPUT',
      'This is the only way to open the vault; add another one before removing it.'
    )
  }
  refuseLast(ctx.header())
  const checked = await checkCurrentPassword(ctx, ctx.header(), current)
  let removed: KeySlot | undefined
  // Re-keyed: whoever held the removed way in (a copy of the keychain item, the old password
  // with an old copy of the file) opens nothing written from now on.
  await rekey(ctx, async (header, key) => {
    refuseLast(header)
    await recheckCurrentPassword(ctx, header, checked, current)
    removed = header.slots.find((s) => s.type === type)
    return header.slots
      .filter((s) => s.type !== type)
      .map((s) =>
        // the remaining password is the one just checked: re-wrap the new key with it
        s.type === 'password' ? makePasswordSlot(key, current ?? '', { n: s.n, r: s.r, p: s.p }) : s
      )
  })
  if (removed?.type === 'keychain') {
    await ctx.keychain
      .deleteKey({ service: removed.service, account: removed.account })
      .catch(() => undefined)
  }
}
