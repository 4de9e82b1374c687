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
  openedWithPassword.add(vault)
  return vault
}

/** Vaults this process opened with their password (no need to ask it again). */
const openedWithPassword = new WeakSet<Vault>()

/**
 * Before secrets leave the vault (export, backup setup): a vault that has a password must have
 * been opened with it in this command, else the password is asked now (TESSERA_PASSWORD, or a
 * prompt on a terminal) and checked, so the keychain alone, which opens the vault for anyone at
 * this session, never exports it. A vault without a password asks nothing: there is nothing to
 * ask that the keychain did not already decide. WRONG_PASSWORD when it does not fit.
 */
export async function confirmVaultPassword(
  vault: Vault,
  src: PasswordSource,
  what: string
): Promise<void> {
  if (openedWithPassword.has(vault)) return
  const { slots } = await vault.status()
  if (!slots.includes('password')) return
  if (src.env.TESSERA_PASSWORD === undefined && !src.stdinIsTTY) {
    throw new AppError(
      'PASSWORD_REQUIRED',
      `To ${what}, Tessera needs the vault password, also when the keychain opens the vault. ` +
        'Set TESSERA_PASSWORD, or run the command in a terminal to be asked.'
    )
  }
  const password =
    src.env.TESSERA_PASSWORD ?? (await src.promptSecret(`Vault password (to ${what}): `))
  await vault.verifyPassword(password)
  openedWithPassword.add(vault)
}
