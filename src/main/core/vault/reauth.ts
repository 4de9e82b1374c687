/**
 * Asking again before a secret leaves the vault: the re-authentication gate that "Show secret",
 * every export and the backup settings check in main, whatever the window says. An unlocked
 * Tessera left alone on a desk shows codes, but a passer-by must not be able to take the secrets
 * themselves (which outlive every code) without the vault password.
 *
 * What counts as "it is you", per vault:
 * - the vault has a password: that password, checked with the real scrypt against its slot
 *   (also when the vault was opened with the keychain, which needs no password);
 * - no password, but the OS can ask its user again (macOS Touch ID): that prompt, run by main;
 * - no password and no such prompt (a keychain-only vault on Windows and Linux): nothing is
 *   asked. The gate cannot be stronger than the lock: anyone at this session opens such a vault
 *   with the keychain and no question. Settings say so and suggest a password.
 *
 * A confirmation holds for a short grace period (two minutes), so exporting twice or revealing
 * several accounts asks once; a lock ends it at once.
 */
import { AppError } from '../../../shared/errors'
import type { ReauthMethod, ReauthStatusView } from '../../../shared/ipc/vault'

/** How long one confirmation lets secrets out without asking again. */
export const REAUTH_GRACE_MS = 2 * 60_000

/**
 * The OS's own "confirm it is you" prompt (Touch ID on macOS), run by main; the Electron shell
 * implements it, tests pass a double. `available` false where the OS has none.
 */
export interface OsReauthPort {
  available(): boolean
  /** Shows the OS prompt with `reason`; true when the user passed it, false when not. */
  confirm(reason: string): Promise<boolean>
}

/** No OS prompt (Windows, Linux, a Mac without Touch ID, tests). */
export const noOsReauth: OsReauthPort = {
  available: () => false,
  confirm: async () => false
}

export interface ReauthGateDeps {
  /** Whether the open vault has a password slot (read at every check: it may change). */
  hasPassword(): Promise<boolean>
  /** Checks the password against the open vault; WRONG_PASSWORD when it does not fit. */
  verifyPassword(password: string): Promise<void>
  os?: OsReauthPort
  now: () => number
  graceMs?: number
}

/** The confirmation a caller offers: the typed password, or the OS prompt. */
export type ReauthProof = { method: 'password'; password: string } | { method: 'os' }

export class ReauthGate {
  private freshUntil = 0
  private readonly os: OsReauthPort
  private readonly graceMs: number

  constructor(private readonly deps: ReauthGateDeps) {
    this.os = deps.os ?? noOsReauth
    this.graceMs = deps.graceMs ?? REAUTH_GRACE_MS
  }

  /** What this vault asks for: its password, the OS prompt, or nothing (see the module doc). */
  async method(): Promise<ReauthMethod> {
    if (await this.deps.hasPassword()) return 'password'
    return this.os.available() ? 'os' : 'none'
  }

  async status(): Promise<ReauthStatusView> {
    const method = await this.method()
    const left = this.freshUntil - this.deps.now()
    return {
      method,
      confirmed: method === 'none' || left > 0,
      secondsLeft: method !== 'none' && left > 0 ? Math.ceil(left / 1000) : 0,
      graceSeconds: Math.round(this.graceMs / 1000)
    }
  }

  /**
   * Checks the proof and starts the grace period. WRONG_PASSWORD (nothing granted, an earlier
   * grace ended) when the password does not fit; CANCELLED when the OS prompt was not passed;
   * INVALID_INPUT when the proof is not what this vault asks for.
   */
  async confirm(proof: ReauthProof): Promise<ReauthStatusView> {
    const method = await this.method()
    if (method === 'none') return this.status()
    if (proof.method !== method) {
      throw new AppError(
        'INVALID_INPUT',
        method === 'password'
          ? 'Type your vault password to continue.'
          : 'Confirm with your computer’s sign-in prompt to continue.'
      )
    }
    if (proof.method === 'password') {
      try {
        await this.deps.verifyPassword(proof.password)
      } catch (err) {
        this.freshUntil = 0
        if (err instanceof AppError && err.code === 'WRONG_PASSWORD') {
          throw new AppError(
            'WRONG_PASSWORD',
            err.message.startsWith('Type')
              ? err.message
              : 'That password does not open this vault, so nothing was shown. Check it and try again.'
          )
        }
        throw err
      }
    } else if (!(await this.os.confirm('show or export your two-factor secrets'))) {
      this.freshUntil = 0
      throw new AppError('CANCELLED', 'You were not confirmed, so nothing was shown.')
    }
    this.freshUntil = this.deps.now() + this.graceMs
    return this.status()
  }

  /**
   * Throws REAUTH_REQUIRED (details: `method`) unless the user confirmed within the grace
   * period, or this vault has nothing to ask for. `what` names the action in the message.
   */
  async assertConfirmed(what: string): Promise<void> {
    const method = await this.method()
    if (method === 'none' || this.freshUntil > this.deps.now()) return
    throw new AppError(
      'REAUTH_REQUIRED',
      method === 'password'
        ? `Type your vault password to ${what}.`
        : `Confirm it is you to ${what}.`,
      { details: { method } }
    )
  }

  /** Ends the grace period (on every lock). */
  reset(): void {
    this.freshUntil = 0
  }
}
