/** Titles and next steps for the errors the vault screens show; the body is main's message. */
import type { ErrorCode } from '../../../../shared/errors'
import type { VaultLockReason } from '../../../../shared/ipc/vault'

const KEYCHAIN_TITLES: Partial<Record<ErrorCode, string>> = {
  KEYCHAIN_UNAVAILABLE: 'Keychain not available',
  KEYCHAIN_LOCKED: 'Keychain locked',
  KEYCHAIN_ITEM_MISSING: 'Vault key missing from the keychain',
  KEYCHAIN_ITEM_CORRUPT: 'Vault key in the keychain is damaged'
}

export function isKeychainError(code: ErrorCode): boolean {
  return code.startsWith('KEYCHAIN_')
}

/** A short heading for an error the unlock and first-run screens show. */
export function errorTitle(code: ErrorCode): string {
  return (
    KEYCHAIN_TITLES[code] ??
    (code === 'WRONG_PASSWORD'
      ? 'Wrong password'
      : code === 'VAULT_CORRUPT'
        ? 'The vault file is damaged'
        : 'Something went wrong')
  )
}

/**
 * Why the vault locked, as the unlock screen says it; null when the user locked it. `minutes`:
 * the auto-lock setting in force, when main knows it.
 */
export function lockReasonText(
  reason: VaultLockReason | null,
  minutes: number | null = null
): string | null {
  switch (reason) {
    case 'idle':
      return minutes !== null && minutes > 0
        ? `Locked after ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} without use.`
        : 'Tessera locked itself because nobody used it for a while.'
    case 'system':
      return 'Locked because your computer locked its screen or went to sleep.'
    case 'replaced':
      return 'The vault file was replaced by a different vault. Unlock it to continue.'
    default:
      return null
  }
}
