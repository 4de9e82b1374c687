import { AppError } from '../shared/errors'
import { policyForbidden } from '../main/core/policy/enforce'
import { vaultMissing, type Vault } from '../main/core/vault'
import type { PolicySnapshotView } from '../shared/policy'

export interface PasswordSource {
  env: Readonly<Record<string, string | undefined>>
  stdinIsTTY: boolean
  promptSecret(prompt: string): Promise<string>
}

const KEYCHAIN_CODES = new Set([
  'KEYCHAIN_UNAVAILABLE',
  'KEYCHAIN_LOCKED',
  'KEYCHAIN_ITEM_MISSING',
  'KEYCHAIN_ITEM_CORRUPT'
])

/**
 * Unlocks `vault` the way every command does: the keychain slot when the vault has one; when
 * there is none, or the keychain fails and the vault also has a password, the password from
 * TESSERA_PASSWORD, else a prompt on a terminal. Keychain errors surface when no password can
 * be had, so the user sees what to fix.
 *
 * Under RequireAppLock the keychain alone opens nothing: a vault with a password needs it, and
 * a vault without one is refused (POLICY_FORBIDDEN) until a password is added in the app.
 */
export async function unlockForCli(
  vault: Vault,
  src: PasswordSource,
  policies?: PolicySnapshotView
): Promise<Vault> {
  const status = await vault.status()
  if (status.state === 'missing') throw vaultMissing(status.path, status.backupPath)
  if (status.state === 'corrupt') {
    throw new AppError(
      status.error?.code ?? 'VAULT_CORRUPT',
      status.error?.message ?? 'The vault is damaged.',
      {
        ...(status.backupPath ? { details: { path: status.backupPath } } : {})
      }
    )
  }
  const hasPassword = status.slots.includes('password')
  const canGetPassword = src.env.TESSERA_PASSWORD !== undefined || src.stdinIsTTY
  const requirePassword = policies?.values.RequireAppLock === true
  if (requirePassword && !hasPassword) {
    throw policyForbidden(
      policies,
      'RequireAppLock',
      'Your organization requires a vault password, and this vault has none; open Tessera and add one'
    )
  }
  if (status.slots.includes('keychain') && !requirePassword) {
    try {
      await vault.unlockWithKeychain()
      return vault
    } catch (err) {
      if (!(err instanceof AppError) || !KEYCHAIN_CODES.has(err.code) || !hasPassword) throw err
      if (!canGetPassword) {
        // "use your vault password instead" needs saying how, from a script
        throw new AppError(
          err.code,
          `${err.message} To use the vault password here, set TESSERA_PASSWORD (or run the ` +
            'command in a terminal to be asked).'
        )
      }
    }
  }
  if (!canGetPassword) {
    throw new AppError(
      'PASSWORD_REQUIRED',
      'This vault needs its password. Set TESSERA_PASSWORD, or run the command in a terminal to be asked.'
    )
  }
  const password = src.env.TESSERA_PASSWORD ?? (await src.promptSecret('Vault password: '))
  await vault.unlockWithPassword(password)
  return vault
}
