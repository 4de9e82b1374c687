import type { AppError } from '../../src/shared/errors'
import {
  decodeKeychainItem,
  encodeKeychainItem,
  keychainItemMissing,
  type Keychain,
  type KeychainItemRef
} from '../../src/main/core/keychain'

/**
 * An in-memory keychain for tests and for tools that must never touch the OS keychain.
 * `failWith` makes every call throw that error, to simulate a locked or missing keychain.
 */
export class MemoryKeychain implements Keychain {
  readonly items = new Map<string, string>()
  failWith: AppError | undefined

  private k(ref: KeychainItemRef): string {
    return `${ref.service}\u0000${ref.account}`
  }

  async readKey(ref: KeychainItemRef): Promise<Buffer> {
    if (this.failWith) throw this.failWith
    const text = this.items.get(this.k(ref))
    if (text === undefined) throw keychainItemMissing()
    return decodeKeychainItem(text)
  }

  async writeKey(ref: KeychainItemRef, key: Uint8Array): Promise<void> {
    if (this.failWith) throw this.failWith
    this.items.set(this.k(ref), encodeKeychainItem(key))
  }

  async deleteKey(ref: KeychainItemRef): Promise<boolean> {
    if (this.failWith) throw this.failWith
    return this.items.delete(this.k(ref))
  }
}
