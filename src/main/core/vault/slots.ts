/**
 * The vault's key-slot operations: add or change the password, store the key in the keychain
 * (again), remove a way in. Every change to how the vault opens needs the current password when
 * there is one (checked with the real scrypt against the slot, and again under the lock when
 * another process changed the slot meanwhile): anyone at an unlocked, unattended Tessera could
 * otherwise lock the owner out or make the vault open without the password.
 */
import { timingSafeEqual } from 'node:crypto'
import { AppError } from '../../../shared/errors'
import type { Keychain } from '../keychain'
import {
  DEFAULT_SCRYPT,
  makeKeychainSlot,
  makePasswordSlot,
  unwrapPasswordSlot,
  type KeySlot,
  type PasswordSlot,
  type ScryptParams,
  type VaultDb,
  type VaultHeader
} from './format'

type SlotType = KeySlot['type']

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
  transact<R>(
    fn: (
      db: VaultDb,
      header: VaultHeader
    ) => Promise<{ db: VaultDb; header?: VaultHeader; result: R }>
  ): Promise<R>
}

/**
 * Adds a password slot, or replaces the existing one (= change password). Changing a password
 * needs the `current` one: anyone at an unlocked, unattended Tessera could otherwise replace it
 * and lock the owner out. WRONG_PASSWORD (nothing written) when `current` is missing or does not
 * open the vault. Adding the first password needs no `current`.
 */
export async function setPassword(
  ctx: SlotContext,
  password: string,
  options: { current?: string; scrypt?: ScryptParams } = {}
): Promise<void> {
  const checked = await checkCurrentPassword(ctx, ctx.header(), options.current)
  const key = Buffer.from(ctx.key())
  const slot = await makePasswordSlot(key, password, options.scrypt ?? DEFAULT_SCRYPT).finally(() =>
    key.fill(0)
  )
  await ctx.transact(async (db, header) => {
    await recheckCurrentPassword(ctx, header, checked, options.current)
    return {
      db,
      header: { ...header, slots: [...header.slots.filter((s) => s.type !== 'password'), slot] },
      result: undefined
    }
  })
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
  const removed = await ctx.transact(async (db, header) => {
    refuseLast(header)
    await recheckCurrentPassword(ctx, header, checked, current)
    const rest = header.slots.filter((s) => s.type !== type)
    return {
      db,
      header: { ...header, slots: rest },
      result: header.slots.find((s) => s.type === type)
    }
  })
  if (removed?.type === 'keychain') {
    await ctx.keychain
      .deleteKey({ service: removed.service, account: removed.account })
      .catch(() => undefined)
  }
}
