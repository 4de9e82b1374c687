import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring'
import { AppError } from '../../../shared/errors'

/** Where one key lives in the OS keychain: a service name and an account (user) name. */
export interface KeychainItemRef {
  service: string
  account: string
}

/**
 * The OS keychain as the vault needs it: one binary key per item. Every failure is an AppError
 * with a KEYCHAIN_* code and a message that says what to do next.
 */
export interface Keychain {
  /** Reads a key. Throws KEYCHAIN_ITEM_MISSING, _ITEM_CORRUPT, _LOCKED or _UNAVAILABLE. */
  readKey(ref: KeychainItemRef): Promise<Buffer>
  /** Stores (or replaces) a key. Throws KEYCHAIN_LOCKED or KEYCHAIN_UNAVAILABLE. */
  writeKey(ref: KeychainItemRef, key: Uint8Array): Promise<void>
  /** Deletes a key; false when there was none. */
  deleteKey(ref: KeychainItemRef): Promise<boolean>
}

/**
 * The options every entry is created with. On Linux the entry is pinned to the Secret Service
 * (gnome-keyring, KWallet, KeePassXC): without this, @napi-rs/keyring silently falls back to the
 * kernel keyutils keyring when no Secret Service answers, and that keyring forgets everything at
 * reboot, which would lose the vault key. Pinned, an unreachable Secret Service is an error.
 */
export const KEYCHAIN_ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } }

/** Text prefix of the stored item; lets us tell our item from garbage. */
const ITEM_PREFIX = 'tessera-key-v1:'

/** Encodes a key as the text stored in the keychain item. */
export function encodeKeychainItem(key: Uint8Array): string {
  return ITEM_PREFIX + Buffer.from(key).toString('base64')
}

/** Decodes a stored item; throws KEYCHAIN_ITEM_CORRUPT when it is not a 32-byte key. */
export function decodeKeychainItem(text: string): Buffer {
  const b64 = text.startsWith(ITEM_PREFIX) ? text.slice(ITEM_PREFIX.length) : ''
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(b64) ? Buffer.from(b64, 'base64') : Buffer.alloc(0)
  if (key.length !== 32) {
    key.fill(0)
    throw corrupt()
  }
  return key
}

function corrupt(): AppError {
  return new AppError(
    'KEYCHAIN_ITEM_CORRUPT',
    'The vault key stored in your keychain is damaged or belongs to something else. ' +
      'Unlock with your vault password instead; Tessera will then store a fresh key in the keychain.'
  )
}

/** The message for an item that is not there. */
export function keychainItemMissing(): AppError {
  return new AppError(
    'KEYCHAIN_ITEM_MISSING',
    'The vault key is no longer in your keychain (it was deleted, or this is a different user or ' +
      'computer). Unlock with your vault password instead.'
  )
}

/**
 * Turns an error thrown by @napi-rs/keyring (keyring-rs underneath) into a typed AppError.
 * Locked keyring, dismissed or cancelled prompts and denied access become KEYCHAIN_LOCKED; no
 * D-Bus, no Secret Service or any other platform failure becomes KEYCHAIN_UNAVAILABLE; duplicate
 * or badly encoded items become KEYCHAIN_ITEM_CORRUPT.
 */
export function classifyKeychainError(err: unknown): AppError {
  if (err instanceof AppError) return err
  const message = err instanceof Error ? err.message : String(err)
  if (/ambiguous|bad ?encoding|not.*utf-?8|invalid.*attribute/i.test(message)) return corrupt()
  if (
    /dismiss|prompt|is locked|locked|cancel|denied|interaction not allowed|user canceled|authoriz/i.test(
      message
    ) &&
    !/failed to connect|no such file|ServiceUnknown|not provided by any/i.test(message)
  ) {
    return new AppError(
      'KEYCHAIN_LOCKED',
      'Your keychain is locked (or the unlock prompt was dismissed). Unlock your login keyring ' +
        'and try again, or use your vault password instead.',
      { cause: err }
    )
  }
  return new AppError(
    'KEYCHAIN_UNAVAILABLE',
    'Tessera cannot reach your keychain (on Linux: no Secret Service such as gnome-keyring on ' +
      'the D-Bus session). Start your keyring service and try again, or use your vault password ' +
      'instead (a vault can also be created with a password only).',
    { cause: err }
  )
}

/** The entry factory @napi-rs/keyring provides; injectable so tests can check what we ask for. */
export type EntryFactory = (
  service: string,
  account: string,
  options: EntryOptions
) => Pick<AsyncEntry, 'getPassword' | 'setPassword' | 'deleteCredential'>

const defaultFactory: EntryFactory = (service, account, options) =>
  new AsyncEntry(service, account, options)

/**
 * The real OS keychain through @napi-rs/keyring (macOS Keychain, Windows Credential Manager,
 * Linux Secret Service, pinned). Uses the async entry so a slow D-Bus call never blocks the
 * main process.
 */
export class OsKeychain implements Keychain {
  constructor(private readonly factory: EntryFactory = defaultFactory) {}

  private entry(ref: KeychainItemRef) {
    try {
      return this.factory(ref.service, ref.account, KEYCHAIN_ENTRY_OPTIONS)
    } catch (err) {
      throw classifyKeychainError(err)
    }
  }

  async readKey(ref: KeychainItemRef): Promise<Buffer> {
    let text: string | null
    try {
      text = await this.entry(ref).getPassword()
    } catch (err) {
      throw classifyKeychainError(err)
    }
    if (text === null || text === undefined) throw keychainItemMissing()
    return decodeKeychainItem(text)
  }

  async writeKey(ref: KeychainItemRef, key: Uint8Array): Promise<void> {
    try {
      await this.entry(ref).setPassword(encodeKeychainItem(key))
    } catch (err) {
      throw classifyKeychainError(err)
    }
  }

  async deleteKey(ref: KeychainItemRef): Promise<boolean> {
    try {
      return await this.entry(ref).deleteCredential()
    } catch (err) {
      throw classifyKeychainError(err)
    }
  }
}
