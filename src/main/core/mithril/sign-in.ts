/**
 * A Mithril sign-in or phone change as the user lives it, protecting them from Mithril's
 * permanent block: three wrong SMS codes block the account until an administrator unblocks it.
 *
 * - attempts are counted per account (across sign-ins, until a code is accepted), and every
 *   wrong code says how many are left ("2 attempts left before your account is blocked");
 * - a code that is not 6 digits is refused here and never sent (it would only burn an attempt);
 * - the last attempt is sent only with an explicit confirmation;
 * - a request that may have reached the server without an answer counts as an attempt;
 * - resend is throttled (one every 20 s, so the server's 3-a-minute limit is never hit), with the
 *   time left for a countdown; after a resend the new token is used and the old one forgotten.
 *
 * Tokens stay in this object (2FA tokens, minutes long) or go to the vault through
 * {@link MithrilTokenVault} (the access token); no view, event or error carries one.
 */
import { AppError } from '../../../shared/errors'
import type { MithrilClient, MithrilCredentials, MithrilGrant } from './client'

/** Wrong codes Mithril allows before it blocks the user for good. */
export const MITHRIL_MAX_ATTEMPTS = 3
/** Shortest time between two SMS sends (3 a minute at most on the server). */
export const RESEND_GAP_MS = 20_000
/** How long an SMS code is valid. */
export const OTP_LIFETIME_MS = 300_000

/** Where the access token of a finished sign-in goes: the profile's token in the vault. */
export interface MithrilTokenVault {
  saveAccessToken(token: string): Promise<void>
}

/**
 * Wrong codes per account since its last accepted code. The server counts per user, not per
 * sign-in, so a new sign-in must not start again from three.
 */
export interface AttemptLedger {
  failures(account: string): number
  /** Durable before it resolves (the vault ledger writes the vault). */
  record(account: string, failures: number): void | Promise<void>
}

/** An in-memory ledger, for tests; the app and the CLI use the vault's (./ledger.ts). */
export class MemoryAttemptLedger implements AttemptLedger {
  private readonly map = new Map<string, number>()
  failures(account: string): number {
    return this.map.get(account) ?? 0
  }
  record(account: string, failures: number): void {
    if (failures <= 0) this.map.delete(account)
    else this.map.set(account, failures)
  }
}

/** `otp`: type the SMS code; `factor`: set a phone first; `restart`: sign in again. */
export type SignInStep = 'otp' | 'factor' | 'done' | 'restart'

/** What the screen shows. No token, no code. */
export interface SignInView {
  step: SignInStep
  /** `sign-in`: the code signs in; `phone`: the code confirms a new phone. */
  purpose: 'sign-in' | 'phone'
  attemptsLeft: number
  /** The next code is the last one before the block: submit needs `confirmLastAttempt`. */
  confirmBeforeSubmit: boolean
  /** "2 attempts left before your account is blocked", once a code was wrong. */
  attemptsMessage?: string
  /** Unix ms when a new code can be asked for (the countdown). */
  resendAvailableAt: number
  /** Unix ms when the current code stops working. */
  codeExpiresAt?: number
}

export function attemptsLeftMessage(left: number): string {
  if (left <= 0) return 'No attempts left: the server has blocked your account.'
  return `${left} attempt${left === 1 ? '' : 's'} left before your account is blocked.`
}

/**
 * What a sign-in in progress is made of, to carry it from one process to the next (the CLI's
 * `tessera mithril code` after `sign-in`). Holds the 2FA token: keep it in the vault only.
 */
export interface SignInState {
  token?: string
  step: SignInStep
  purpose: SignInView['purpose']
  /** Unix ms of the last SMS send, 0 when none. */
  lastSend: number
  codeExpiresAt?: number
}

/** One sign-in (or phone change) against one Mithril account. */
export class MithrilSignIn {
  private token: string | undefined
  private step: SignInStep = 'otp'
  private purpose: SignInView['purpose'] = 'sign-in'
  private lastSend = Number.NEGATIVE_INFINITY
  private codeExpiresAt: number | undefined
  private busy = false

  constructor(
    private readonly deps: {
      client: MithrilClient
      vault: MithrilTokenVault
      /** The account's key in the ledger (server address and email). */
      account: string
      ledger: AttemptLedger
      now?: () => number
    }
  ) {}

  private now(): number {
    return (this.deps.now ?? Date.now)()
  }

  /** The state to keep (in the vault) so another process can carry on. */
  snapshot(): SignInState {
    return {
      ...(this.token !== undefined ? { token: this.token } : {}),
      step: this.step,
      purpose: this.purpose,
      lastSend: Number.isFinite(this.lastSend) ? this.lastSend : 0,
      ...(this.codeExpiresAt !== undefined ? { codeExpiresAt: this.codeExpiresAt } : {})
    }
  }

  /** Carries on a sign-in from {@link snapshot}. */
  restore(st: SignInState): this {
    this.token = st.token
    this.step = st.step
    this.purpose = st.purpose
    this.lastSend = st.lastSend > 0 ? st.lastSend : Number.NEGATIVE_INFINITY
    this.codeExpiresAt = st.codeExpiresAt
    return this
  }

  private get attemptsLeft(): number {
    return Math.max(0, MITHRIL_MAX_ATTEMPTS - this.deps.ledger.failures(this.deps.account))
  }

  view(): SignInView {
    const left = this.attemptsLeft
    const failures = this.deps.ledger.failures(this.deps.account)
    return {
      step: this.step,
      purpose: this.purpose,
      attemptsLeft: left,
      confirmBeforeSubmit: this.step === 'otp' && left === 1,
      ...(failures > 0 ? { attemptsMessage: attemptsLeftMessage(left) } : {}),
      resendAvailableAt: this.lastSend + RESEND_GAP_MS,
      ...(this.codeExpiresAt !== undefined ? { codeExpiresAt: this.codeExpiresAt } : {})
    }
  }

  /** Seconds until a new code may be asked for (0: now). */
  resendInSeconds(): number {
    return Math.max(0, Math.ceil((this.lastSend + RESEND_GAP_MS - this.now()) / 1000))
  }

  private async once<T>(fn: () => Promise<T>): Promise<T> {
    if (this.busy) {
      throw new AppError('DUPLICATE', 'Tessera is already talking to the server. Wait a moment.')
    }
    this.busy = true
    try {
      return await fn()
    } finally {
      this.busy = false
    }
  }

  private sent(g: MithrilGrant): void {
    this.token = g.token
    this.lastSend = this.now()
    this.codeExpiresAt = this.lastSend + OTP_LIFETIME_MS
    this.step = 'otp'
  }

  private async finish(g: MithrilGrant): Promise<SignInView> {
    // Stored before anything else happens: the server has already killed the token before it.
    await this.deps.vault.saveAccessToken(g.token)
    this.token = undefined
    this.step = 'done'
    await this.deps.ledger.record(this.deps.account, 0)
    return this.view()
  }

  /** Signs in with email and password; the view says whether a code (or a phone) is needed. */
  start(c: MithrilCredentials): Promise<SignInView> {
    return this.once(async () => {
      this.purpose = 'sign-in'
      // Read first: a ledger that cannot be read must stop the sign-in before the SMS is sent.
      const failures = this.deps.ledger.failures(this.deps.account)
      let g: MithrilGrant
      try {
        g = await this.deps.client.signIn(c)
      } catch (e) {
        if (
          e instanceof AppError &&
          e.code === 'LOCKED_OUT' &&
          e.details?.reason === 'user-blocked'
        ) {
          await this.deps.ledger.record(this.deps.account, MITHRIL_MAX_ATTEMPTS)
        }
        throw e
      }
      // A blocked user is refused at the password (user_blocked); a password that passes means
      // an administrator unblocked them, which resets the server's count.
      if (failures >= MITHRIL_MAX_ATTEMPTS) {
        await this.deps.ledger.record(this.deps.account, 0)
      }
      if (g.kind === 'access' || g.nextStep === 'REQUEST_APPS') return this.finish(g)
      if (g.nextStep === 'REQUEST_FACTOR') {
        this.token = g.token
        this.step = 'factor'
        return this.view()
      }
      this.sent(g)
      return this.view()
    })
  }

  /**
   * Starts a phone change with the stored access token (which the server expires by it: until
   * the new phone is confirmed, the profile needs a new sign-in), or sets the first phone of a
   * sign-in that answered REQUEST_FACTOR.
   */
  setPhone(phone: string, accessToken?: string): Promise<SignInView> {
    return this.once(async () => {
      const bearer = accessToken ?? this.token
      if (bearer === undefined) {
        throw new AppError('INVALID_INPUT', 'Sign in first, then set the phone number.')
      }
      if (this.now() < this.lastSend + RESEND_GAP_MS) {
        throw this.tooSoon()
      }
      const g = await this.deps.client.initFactor(bearer, phone)
      this.purpose = 'phone'
      this.sent(g)
      return this.view()
    })
  }

  private tooSoon(): AppError {
    const retryAfter = this.resendInSeconds()
    return new AppError('RATE_LIMITED', `A new code can be sent in ${retryAfter} seconds.`, {
      details: { retryAfter, reason: 'resend-throttle' }
    })
  }

  /** Asks for a new SMS. Switches to the new token the server returns. */
  resend(): Promise<SignInView> {
    return this.once(async () => {
      if (this.step !== 'otp' || this.token === undefined || this.purpose !== 'sign-in') {
        throw new AppError(
          'INVALID_INPUT',
          this.purpose === 'phone'
            ? 'To get a new code for the new phone, start the phone change again.'
            : 'There is no code to resend; sign in first.'
        )
      }
      if (this.now() < this.lastSend + RESEND_GAP_MS) throw this.tooSoon()
      const g = await this.deps.client.resend(this.token)
      this.sent(g)
      return this.view()
    })
  }

  /**
   * Sends the SMS code. Refuses (INVALID_INPUT, nothing sent) a code that is not 6 digits, and
   * the last attempt unless `confirmLastAttempt` (details.reason `confirm-last-attempt`).
   * A wrong code is WRONG_CODE with `attemptsLeft` and the words for it; the one that blocks
   * the account is LOCKED_OUT.
   */
  submit(code: string, opts: { confirmLastAttempt?: boolean } = {}): Promise<SignInView> {
    return this.once(async () => {
      if (this.step !== 'otp' || this.token === undefined) {
        throw new AppError('INVALID_INPUT', 'There is no code to type now; sign in first.')
      }
      const digits = code.replace(/\s+/g, '')
      if (!/^\d{6}$/.test(digits)) {
        throw new AppError(
          'INVALID_INPUT',
          'An SMS code is exactly 6 digits. Check the message and type it again; nothing was sent, no attempt used.',
          { details: { reason: 'malformed-code', attemptsLeft: this.attemptsLeft } }
        )
      }
      const left = this.attemptsLeft
      if (left <= 0) {
        throw new AppError(
          'LOCKED_OUT',
          'Your account is blocked after three wrong codes. Only an administrator can unblock it.',
          { details: { reason: 'user-blocked', attemptsLeft: 0 } }
        )
      }
      if (left === 1 && opts.confirmLastAttempt !== true) {
        throw new AppError(
          'INVALID_INPUT',
          'This is your last attempt: if this code is wrong, the server blocks your account until an administrator unblocks it. Check the SMS, then confirm to send it.',
          { details: { reason: 'confirm-last-attempt', attemptsLeft: 1 } }
        )
      }
      const token = this.token
      try {
        const g =
          this.purpose === 'phone'
            ? await this.deps.client.approveFactor(token, digits)
            : await this.deps.client.verify(token, digits)
        return await this.finish(g)
      } catch (e) {
        throw await this.afterFailure(e, left)
      }
    })
  }

  private async afterFailure(e: unknown, left: number): Promise<unknown> {
    if (!(e instanceof AppError)) return e
    const failures = MITHRIL_MAX_ATTEMPTS - left + 1
    const maybeDelivered =
      (e.code === 'NETWORK' || e.code === 'TIMEOUT') && e.details?.delivery === 'maybe'
    if (e.code === 'WRONG_CODE' || maybeDelivered) {
      // A code that may have reached the server is counted: better one attempt too few.
      await this.deps.ledger.record(this.deps.account, failures)
      const now = MITHRIL_MAX_ATTEMPTS - failures
      if (now <= 0) {
        return new AppError(
          'LOCKED_OUT',
          maybeDelivered
            ? 'No answer came for the last allowed code; if it was wrong, the server has blocked your account. Ask an administrator to check and unblock it.'
            : 'That code was wrong too, and it was the last attempt: the server has now blocked your account. Ask your administrator to unblock it.',
          { cause: e, details: { reason: 'user-blocked', attemptsLeft: 0 } }
        )
      }
      const base = maybeDelivered
        ? `${e.message} The code may have reached the server, so it counts as an attempt.`
        : 'Wrong code.'
      return new AppError(e.code, `${base} ${attemptsLeftMessage(now)}`, {
        cause: e,
        details: { ...(e.details ?? {}), attemptsLeft: now }
      })
    }
    if (e.code === 'LOCKED_OUT') {
      await this.deps.ledger.record(this.deps.account, MITHRIL_MAX_ATTEMPTS)
    }
    if (e.code === 'TOKEN_EXPIRED') {
      this.token = undefined
      this.step = 'restart'
    }
    return e
  }
}
