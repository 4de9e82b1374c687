import { AppError, type ErrorCode, type ErrorDetails } from '../../../shared/errors'
import type { Account, AccountView, NewAccount, OtpParams } from '../../../shared/model'
import { toAccountView } from '../../../shared/model'
import { admitAccount, admitReason } from '../accounts/admit'
import type { AccountStore } from '../accounts/store'
import type { AuditAction, AuditLog } from '../audit/log'
import type { ServerProfile } from '../servers/model'
import type { PendingEnrollment } from '../../../shared/ipc/enroll'
import {
  ENROLL_PROGRESS_STEPS,
  type EnrollEvent,
  type EnrollStep,
  type SafeDetails,
  type ServerStatusInfo
} from '../../../shared/servers'
import type { ServerStore } from '../servers/store'
import { clientFor, type Credentials, type TwoFactorClient, type TwoFactorStatus } from './clients'
import type { FetchLike } from './http'
import type { QrImageReader } from './qr-image'

/** The steps of an enrollment, in order (declared in shared, with `warning` and `failed`). */
export const ENROLL_STEPS = ENROLL_PROGRESS_STEPS
export type EnrollStepName = EnrollStep
export type { EnrollEvent, SafeDetails }

/** A server's 2FA state as the app shows it (shared's declaration). */
export type ServerStatusView = ServerStatusInfo

export interface EnrollResult {
  account: AccountView
  status: ServerStatusView
  /**
   * `enrolled`: the server accepted the code. `recovered`: the answer's reply was lost or broken
   * but the server's status shows 2FA on, so the account was activated.
   */
  outcome: 'enrolled' | 'recovered'
  /** Codes of warnings raised on the way (CLOCK_SKEW, ...). */
  warnings: ErrorCode[]
  /** Something the user should know now that it is done (UCloud: sign in again to see it). */
  notice?: string
}

/**
 * UCloud's access tokens carry the 2FA claim only when issued after the enrollment, so the web
 * site keeps showing 2FA off in a session that was open before.
 */
export const UCLOUD_SIGN_IN_AGAIN =
  'Sign in again in your browser to see 2FA on: sessions opened before the enrollment keep showing it off until then.'

/** An unfinished enrollment, for the UI's Finish / Discard list. No secrets (shared's type). */
export type PendingEnrollmentView = PendingEnrollment

export interface EnrollOptions {
  /** Overrides the account label the server's URI gives. */
  label?: string
  onStep?: (e: EnrollEvent) => void
  signal?: AbortSignal
}

/** Code generation, as offered by `src/main/core/otp`. */
export type GenerateCode = (p: OtpParams, atMs: number) => string

export interface EnrollServiceDeps {
  servers: ServerStore
  accounts: AccountStore
  generateCode: GenerateCode
  /** Parses an otpauth:// URI; `parseOtpauthUri` from `src/main/core/otpauth`. */
  parseUri: (uri: string) => NewAccount
  audit?: AuditLog
  now?: () => number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  fetch?: FetchLike
  /** Reads a server's QR image (UCloud). Default: the scans' in-process decoder and limits. */
  readQr?: QrImageReader
  /** Per-request timeout. Default 15 s. */
  timeoutMs?: number
  /** Answer only with a code that stays valid at least this long. Default 5 s. */
  minRemainingMs?: number
  /** Warn when the server clock differs by more than this. Default 30 s. */
  skewWarnMs?: number
}

/** Outcomes after which the server certainly did not turn the factor on. */
const DEFINITE_REJECTIONS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'WRONG_CODE',
  'CHALLENGE_EXPIRED',
  'LOCKED_OUT',
  'TOKEN_EXPIRED',
  'RATE_LIMITED',
  'SERVER_REJECTED',
  'INVALID_INPUT',
  'TLS'
])

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AppError('CANCELLED', 'Cancelled.'))
      return
    }
    const t = setTimeout(resolve, ms)
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t)
        reject(new AppError('CANCELLED', 'Cancelled.'))
      },
      { once: true }
    )
  })

function canonicalSecret(s: string): string {
  return s.replace(/[\s=-]/g, '').toUpperCase()
}

function errorDetails(err: AppError): ErrorDetails {
  return { ...(err.details ?? {}) }
}

function withDetails(err: AppError, extra: ErrorDetails, message?: string): AppError {
  return new AppError(err.code, message ?? err.message, {
    cause: err.cause ?? err,
    details: { ...errorDetails(err), ...extra }
  })
}

/** The account's display name in the audit log and events. */
function accountName(a: Pick<Account, 'issuer' | 'label'>): string {
  return a.issuer ? `${a.issuer}: ${a.label}` : a.label
}

interface Run {
  profile: ServerProfile
  client: TwoFactorClient
  action: AuditAction
  emit: (step: EnrollStepName, message: string, details?: SafeDetails, code?: ErrorCode) => void
  warnings: ErrorCode[]
  signal: AbortSignal | undefined
  /** Set just before a code goes to the server. */
  sent: boolean
}

/**
 * Two-phase enrollment against UCloud and Vantage servers, and the pending-account handling
 * around it. The order never loses a secret: the account is saved as pending before the server
 * is answered, activated only once the server accepted (or its status shows 2FA on), and
 * discarded only when the server certainly did not turn the factor on. A submitted code is
 * never sent again automatically.
 */
export class EnrollService {
  private readonly now: () => number
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  private readonly minRemainingMs: number
  private readonly skewWarnMs: number
  /** Server clock minus ours (ms), per server id, from the latest reply. */
  private readonly skew = new Map<string, number>()
  /** Unix ms before which a server asked us (429) not to call again. */
  private readonly notBefore = new Map<string, number>()
  /** Servers with an operation in flight. */
  private readonly busy = new Set<string>()

  constructor(private readonly deps: EnrollServiceDeps) {
    this.now = deps.now ?? Date.now
    this.sleep = deps.sleep ?? defaultSleep
    this.minRemainingMs = deps.minRemainingMs ?? 5_000
    this.skewWarnMs = deps.skewWarnMs ?? 30_000
  }

  /** Server clock minus local clock in whole seconds, from the last reply; undefined if unknown. */
  clockSkewSeconds(serverId: string): number | undefined {
    const s = this.skew.get(serverId)
    return s === undefined ? undefined : Math.round(s / 1000)
  }

  /** Accounts saved during an enrollment that was not finished. */
  pending(serverId?: string): AccountView[] {
    return this.deps.accounts
      .list()
      .filter(
        (a) =>
          a.status === 'pending' &&
          a.enrollment !== undefined &&
          (serverId === undefined || a.enrollment.serverId === serverId)
      )
      .map(toAccountView)
  }

  /** Unfinished enrollments with the server they belong to, oldest first. */
  pendingEnrollments(serverId?: string): PendingEnrollmentView[] {
    const out: PendingEnrollmentView[] = []
    for (const a of this.deps.accounts.list()) {
      const link = a.enrollment
      if (a.status !== 'pending' || !link) continue
      if (serverId !== undefined && link.serverId !== serverId) continue
      const p = this.deps.servers.get(link.serverId)
      out.push({
        account: toAccountView(a),
        serverId: link.serverId,
        server: p?.name ?? null,
        type: p?.type ?? null,
        ...(link.challengeId !== undefined ? { challengeId: link.challengeId } : {}),
        startedAt: link.startedAt
      })
    }
    return out.sort((x, y) => x.startedAt - y.startedAt)
  }

  /** Reads the server's 2FA status. Throws NOT_FOUND for an unknown profile, or a server error. */
  async status(serverId: string, opts: { signal?: AbortSignal } = {}): Promise<ServerStatusView> {
    const profile = this.profile(serverId)
    const client = this.client(profile, opts.signal)
    return this.view(profile, await client.status())
  }

  /**
   * Enrolls Tessera as the server account's TOTP authenticator: status → create → saved-pending →
   * (waiting-next-code) → answering → confirming → done, reported through `onStep`. Returns the
   * new active account. Throws ALREADY_ENROLLED, SECRET_MISMATCH, WRONG_CODE, CHALLENGE_EXPIRED,
   * AMBIGUOUS (the account stays pending: use finishPending or discardPending), and the transport
   * and HTTP codes of the client; DUPLICATE when an unfinished enrollment with this server exists.
   */
  async enroll(serverId: string, opts: EnrollOptions = {}): Promise<EnrollResult> {
    return this.exclusive(serverId, () => this.doEnroll(serverId, opts))
  }

  private async doEnroll(serverId: string, opts: EnrollOptions): Promise<EnrollResult> {
    const profile = this.profile(serverId)
    if (this.pending(serverId).length > 0) {
      throw new AppError(
        'DUPLICATE',
        `An unfinished enrollment with "${profile.name}" is waiting. Finish or discard it first.`
      )
    }
    const run = this.run(profile, 'enroll', opts)
    let account: Account | undefined
    let challengeId: string | undefined
    try {
      run.emit('status', 'Checking two-factor status on the server')
      const before = await run.client.status()
      if (before.enrolled && before.method === 'totp') {
        throw new AppError(
          'ALREADY_ENROLLED',
          'Two-factor authentication is already on for this server account. Disable it on the server first if you want to enroll Tessera instead.'
        )
      }
      run.emit('create', 'Asking the server for new credentials')
      const creds = await run.client.create()
      challengeId = creds.challengeId
      if (creds.qrUnreadable) {
        run.warnings.push('MALFORMED_RESPONSE')
        run.emit(
          'warning',
          'The QR image the server sent could not be read, so only its secret field was checked against its otpauth link.',
          { reason: 'qr-unreadable' },
          'MALFORMED_RESPONSE'
        )
      }
      const fresh = this.crossCheck(creds, profile, opts.label)
      // The secret and its link to the server go in one write: a crash cannot leave a pending
      // secret that the pending list does not know belongs to this server.
      const [added] = await this.deps.accounts.addMany(
        [
          {
            ...fresh,
            enrollment: {
              serverId: profile.id,
              startedAt: this.now(),
              ...(challengeId !== undefined ? { challengeId } : {})
            }
          }
        ],
        'pending'
      )
      if (!added) throw new AppError('INTERNAL', 'The account could not be saved. Try again.')
      account = added
      run.emit('saved-pending', 'Saved the new account as unfinished', {
        accountId: account.id,
        ...(challengeId !== undefined ? { challengeId } : {})
      })
      return await this.answerAndConfirm(run, account, undefined)
    } catch (err) {
      // Saved but never answered (a failed write, a cancelled wait): the server has no factor,
      // so the pending secret would be an orphan.
      if (account && !run.sent && this.deps.accounts.get(account.id)?.status === 'pending') {
        await this.discard(account).catch(() => undefined)
      }
      throw await this.failed(run, err, account, challengeId)
    }
  }

  /**
   * Finishes a pending account: if the server already shows 2FA on, activates it; otherwise
   * answers again with a code from a later time step than any code already sent.
   */
  async finishPending(accountId: string, opts: EnrollOptions = {}): Promise<EnrollResult> {
    const serverId = this.pendingAccount(accountId).enrollment?.serverId ?? ''
    return this.exclusive(serverId, () => this.doFinish(accountId, opts))
  }

  private async doFinish(accountId: string, opts: EnrollOptions): Promise<EnrollResult> {
    const account = this.pendingAccount(accountId)
    const link = account.enrollment
    const profile = this.profile(link?.serverId ?? '')
    const run = this.run(profile, 'finish', opts)
    try {
      run.emit('status', 'Checking two-factor status on the server')
      const st = await run.client.status()
      if (st.enrolled && st.method === 'totp') {
        return await this.activate(run, account, 'recovered', st)
      }
      // The account is written after each code is made and before it is sent, so every code
      // already sent belongs to a time step no later than the one of `updatedAt`. This holds
      // across restarts, so a submitted code is never sent twice.
      const notBefore = Math.floor(account.updatedAt / (account.otp.period * 1000)) + 1
      return await this.answerAndConfirm(run, account, notBefore)
    } catch (err) {
      throw await this.failed(run, err, account, link?.challengeId)
    }
  }

  /**
   * Deletes a pending account. Refuses (ALREADY_ENROLLED) when the server shows 2FA on, since
   * this secret may be the one it now expects; `force` skips that check when the server cannot
   * be reached.
   */
  async discardPending(accountId: string, opts: { force?: boolean } = {}): Promise<void> {
    const serverId = this.pendingAccount(accountId).enrollment?.serverId ?? ''
    return this.exclusive(serverId, () => this.doDiscard(accountId, opts))
  }

  private async doDiscard(accountId: string, opts: { force?: boolean }): Promise<void> {
    const account = this.pendingAccount(accountId)
    const profile = account.enrollment
      ? this.deps.servers.get(account.enrollment.serverId)
      : undefined
    if (profile && !opts.force) {
      const st = await this.client(profile, undefined).status()
      if (st.enrolled && st.method === 'totp') {
        throw new AppError(
          'ALREADY_ENROLLED',
          'The server shows two-factor authentication on, so this unfinished account may hold the secret it expects. Use Finish instead of Discard.'
        )
      }
    }
    await this.deps.accounts.remove(account.id)
    if (profile) await this.log(profile, 'discard', 'ok', account)
  }

  /**
   * Vantage: switches 2FA to email codes. The server then no longer takes codes from this
   * server's TOTP accounts, so they are archived (kept, not deleted), as after `disable`.
   */
  async enableEmail(
    serverId: string
  ): Promise<{ status: ServerStatusView; archived: AccountView[] }> {
    return this.exclusive(serverId, async () => {
      const profile = this.profile(serverId)
      const client = this.client(profile, undefined)
      try {
        await client.enableEmail()
        const status = this.view(profile, await client.status())
        const archived = await this.archiveLinked(profile)
        await this.log(profile, 'enable-email', 'ok')
        return { status, archived }
      } catch (err) {
        const e = this.asAppError(err)
        await this.log(profile, 'enable-email', e.code, undefined, undefined, e.details?.status)
        throw e
      }
    })
  }

  /**
   * Vantage: turns 2FA off with the account password, then archives (does not delete) the local
   * accounts enrolled with this server. Throws SERVER_REJECTED (details.reason 'wrong-password'), UNSUPPORTED for UCloud, or the
   * client's codes.
   */
  async disable(
    serverId: string,
    password: string
  ): Promise<{ status: ServerStatusView; archived: AccountView[] }> {
    return this.exclusive(serverId, () => this.doDisable(serverId, password))
  }

  private async doDisable(
    serverId: string,
    password: string
  ): Promise<{ status: ServerStatusView; archived: AccountView[] }> {
    const profile = this.profile(serverId)
    const client = this.client(profile, undefined)
    try {
      try {
        await client.disable(password)
      } catch (err) {
        const e = this.asAppError(err)
        const maybe =
          (e.code === 'NETWORK' || e.code === 'TIMEOUT') && e.details?.delivery === 'maybe'
        if (!maybe) throw e
        const st = await client.status()
        if (st.enrolled) throw e
      }
      const st = await client.status()
      const archived = await this.archiveLinked(profile)
      await this.log(profile, 'disable', 'ok')
      return { status: this.view(profile, st), archived }
    } catch (err) {
      const e = this.asAppError(err)
      await this.log(profile, 'disable', e.code, undefined, undefined, e.details?.status)
      throw e
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Runs one server-changing operation per server at a time (a double click enrolls once). */
  private async exclusive<T>(serverId: string, fn: () => Promise<T>): Promise<T> {
    if (this.busy.has(serverId)) {
      throw new AppError(
        'DUPLICATE',
        'Tessera is already talking to this server. Wait for that to finish, then try again.'
      )
    }
    this.busy.add(serverId)
    try {
      return await fn()
    } finally {
      this.busy.delete(serverId)
    }
  }

  /** Archives the local accounts enrolled with a server. */
  private async archiveLinked(profile: ServerProfile): Promise<AccountView[]> {
    const linked = this.deps.accounts
      .list()
      .filter((a) => a.enrollment?.serverId === profile.id && a.status !== 'archived')
    const archived = await this.deps.accounts.updateMany(
      linked.map((a) => ({ id: a.id, patch: { status: 'archived' as const } }))
    )
    return archived.map(toAccountView)
  }

  private async answerAndConfirm(
    run: Run,
    account: Account,
    notBeforeStep: number | undefined
  ): Promise<EnrollResult> {
    const period = account.otp.period * 1000
    let t = this.now()
    let waitMs = 0
    const left = period - (t % period)
    if (left < this.minRemainingMs) waitMs = left + 50
    if (notBeforeStep !== undefined) waitMs = Math.max(waitMs, notBeforeStep * period - t + 50)
    if (waitMs > 0) {
      run.emit('waiting-next-code', 'Waiting for the next code so it stays valid long enough', {
        waitMs
      })
      await this.sleep(waitMs, run.signal)
      t = this.now()
    }
    const skew = this.skew.get(run.profile.id)
    if (skew !== undefined && Math.abs(skew) > this.skewWarnMs) {
      const seconds = Math.round(skew / 1000)
      run.warnings.push('CLOCK_SKEW')
      run.emit(
        'warning',
        `The server's clock and this computer's clock differ by ${Math.abs(seconds)} seconds. If the code is refused, set this computer's clock automatically and try again.`,
        { clockSkewSeconds: seconds },
        'CLOCK_SKEW'
      )
    }
    const challengeId = account.enrollment?.challengeId
    run.emit('answering', 'Answering the server with the current code', {
      accountId: account.id,
      ...(challengeId !== undefined ? { challengeId } : {})
    })
    const code = this.deps.generateCode(account.otp, t)
    // Durable mark that a code of this time step is about to be sent (see finishPending).
    await this.deps.accounts.update(account.id, {
      ...(account.enrollment ? { enrollment: account.enrollment } : {})
    })
    run.sent = true
    try {
      await run.client.answer(challengeId, code)
    } catch (err) {
      return this.resolveAnswerFailure(run, account, this.asAppError(err))
    }
    run.emit('confirming', 'Code accepted; checking the server shows two-factor on')
    let st: TwoFactorStatus
    try {
      st = await run.client.status()
    } catch (err) {
      const e = this.asAppError(err)
      run.warnings.push(e.code)
      run.emit(
        'warning',
        'The server accepted the code but its status could not be re-read.',
        {},
        e.code
      )
      st = { enrolled: true, method: 'totp' }
    }
    if (!(st.enrolled && st.method === 'totp')) {
      throw new AppError(
        'AMBIGUOUS',
        'The server accepted the code but does not show two-factor authentication on yet. The account is kept as unfinished: press Finish in a minute, or Discard it.',
        { details: { accountId: account.id, pendingKept: true } }
      )
    }
    return this.activate(run, account, 'enrolled', st)
  }

  /**
   * The answer failed. A definite rejection discards the pending account. Otherwise the reply may
   * have been lost after the server committed: re-read the status and activate when connected;
   * when that cannot be settled, keep the account pending (AMBIGUOUS). Never resends the code.
   */
  private async resolveAnswerFailure(
    run: Run,
    account: Account,
    err: AppError
  ): Promise<EnrollResult> {
    const notSent = err.details?.delivery === 'not-sent'
    // A redirect is not a refusal: "303 See Other" after a POST often means it was done.
    const redirect = err.details?.reason === 'redirect'
    if ((DEFINITE_REJECTIONS.has(err.code) && !redirect) || notSent) {
      await this.discard(account)
      throw this.explainRejection(run, err)
    }
    run.emit('confirming', 'No clear answer from the server; checking its status', {
      reason: err.code
    })
    let st: TwoFactorStatus
    try {
      st = await run.client.status()
    } catch {
      throw this.ambiguous(account, err)
    }
    if (st.enrolled && st.method === 'totp') {
      run.warnings.push(err.code)
      run.emit('warning', 'The reply to the code was lost, but the server shows two-factor on.', {
        reason: err.code
      })
      return this.activate(run, account, 'recovered', st)
    }
    const serverAnswered =
      (err.code === 'SERVER_ERROR' && err.details?.status !== 502 && err.details?.status !== 504) ||
      err.code === 'MALFORMED_RESPONSE' ||
      err.code === 'ALREADY_ENROLLED' ||
      redirect
    if (serverAnswered) {
      await this.discard(account)
      throw withDetails(
        err,
        { pendingDiscarded: true },
        `${err.message} The unfinished account was discarded; start the enrollment again.`
      )
    }
    throw this.ambiguous(account, err)
  }

  private ambiguous(account: Account, cause: AppError): AppError {
    return new AppError(
      'AMBIGUOUS',
      'The code was sent but no clear answer came back, so Tessera cannot tell whether two-factor is now on. The account is kept as unfinished: press Finish to check again, or Discard it if the server shows two-factor off.',
      { cause, details: { accountId: account.id, pendingKept: true, reason: cause.code } }
    )
  }

  private explainRejection(run: Run, err: AppError): AppError {
    const extra: ErrorDetails = { pendingDiscarded: true }
    const skew = this.clockSkewSeconds(run.profile.id)
    if (
      err.code === 'WRONG_CODE' &&
      skew !== undefined &&
      Math.abs(skew) * 1000 > this.skewWarnMs
    ) {
      extra.clockSkewSeconds = skew
      return withDetails(
        err,
        extra,
        `The server did not accept the code; its clock differs from this computer's by ${Math.abs(skew)} seconds. Set this computer's clock automatically, then start the enrollment again.`
      )
    }
    if (err.code === 'CHALLENGE_EXPIRED') return withDetails(err, extra)
    return withDetails(err, extra, `${err.message} The unfinished account was discarded.`)
  }

  private async activate(
    run: Run,
    account: Account,
    outcome: EnrollResult['outcome'],
    st: TwoFactorStatus
  ): Promise<EnrollResult> {
    const active = await this.deps.accounts.update(account.id, { status: 'active' })
    const status = this.view(run.profile, st)
    const notice = run.profile.type === 'ucloud' ? UCLOUD_SIGN_IN_AGAIN : undefined
    run.emit(
      'done',
      `Two-factor authentication is on; the account is ready.${notice ? ` ${notice}` : ''}`,
      { accountId: active.id }
    )
    await this.log(run.profile, run.action, 'ok', active, active.enrollment?.challengeId)
    return {
      account: toAccountView(active),
      status,
      outcome,
      warnings: [...run.warnings],
      ...(notice ? { notice } : {})
    }
  }

  private async discard(account: Account): Promise<void> {
    if (this.deps.accounts.get(account.id)) await this.deps.accounts.remove(account.id)
  }

  private async failed(
    run: Run,
    err: unknown,
    account: Account | undefined,
    challengeId: string | undefined
  ): Promise<AppError> {
    const e = this.asAppError(err)
    run.emit('failed', e.message, {}, e.code)
    const still = account ? this.deps.accounts.get(account.id) : undefined
    await this.log(
      run.profile,
      run.action,
      e.code,
      still ?? account,
      challengeId,
      e.details?.status
    )
    return e
  }

  private readUri(uri: string, what: string): NewAccount {
    let parsed: NewAccount
    try {
      parsed = this.deps.parseUri(uri)
    } catch (err) {
      throw new AppError(
        'MALFORMED_RESPONSE',
        `The server sent ${what} Tessera could not read. Nothing was saved; tell the server administrator.`,
        { cause: err }
      )
    }
    if (parsed.otp.type !== 'totp') {
      throw new AppError(
        'MALFORMED_RESPONSE',
        'The server offered a code type other than TOTP, which enrollment does not support. Nothing was saved.'
      )
    }
    return parsed
  }

  private crossCheck(
    creds: Pick<Credentials, 'secret' | 'uri' | 'qrUri'>,
    profile: ServerProfile,
    label: string | undefined
  ): NewAccount {
    const parsed = this.readUri(creds.uri, 'an otpauth URI')
    if (
      creds.secret !== undefined &&
      canonicalSecret(creds.secret) !== canonicalSecret(parsed.otp.secret)
    ) {
      throw new AppError(
        'SECRET_MISMATCH',
        'The server sent a secret that does not match its own otpauth URI, so Tessera did not save or answer anything. Tell the server administrator; do not finish this enrollment elsewhere.'
      )
    }
    if (creds.qrUri !== undefined) {
      const fromQr = this.readUri(creds.qrUri, 'a QR code whose otpauth link')
      const o = parsed.otp
      const q = fromQr.otp
      if (
        canonicalSecret(q.secret) !== canonicalSecret(o.secret) ||
        q.digits !== o.digits ||
        q.algorithm !== o.algorithm ||
        q.period !== o.period
      ) {
        throw new AppError(
          'SECRET_MISMATCH',
          'The QR code the server sent holds a different secret than the secret it sent beside it, so Tessera did not save or answer anything. Tell the server administrator; do not finish this enrollment elsewhere.',
          { details: { reason: 'qr-mismatch' } }
        )
      }
    }
    const name = label?.trim()
    const account = {
      ...parsed,
      issuer: parsed.issuer || profile.name,
      label: name ? name : parsed.label
    }
    // The same check as every other way in, before anything is saved or answered: a server
    // sending a 1-byte secret gets no account and no confirmation code.
    try {
      return admitAccount(account)
    } catch (err) {
      throw new AppError(
        'MALFORMED_RESPONSE',
        `The server sent an account Tessera will not keep: ${admitReason(err)}. Nothing was saved; tell the server administrator.`,
        { cause: err }
      )
    }
  }

  private pendingAccount(accountId: string): Account {
    const a = this.deps.accounts.get(accountId)
    if (!a) throw new AppError('NOT_FOUND', 'That account no longer exists. Refresh the list.')
    if (a.status !== 'pending' || !a.enrollment) {
      throw new AppError('INVALID_INPUT', 'That account is not an unfinished enrollment.')
    }
    return a
  }

  private profile(serverId: string): ServerProfile {
    const p = this.deps.servers.get(serverId)
    if (!p) {
      throw new AppError('NOT_FOUND', 'That server profile no longer exists. Add the server again.')
    }
    return p
  }

  private view(profile: ServerProfile, st: TwoFactorStatus): ServerStatusView {
    const skew = this.clockSkewSeconds(profile.id)
    return {
      serverId: profile.id,
      server: profile.name,
      type: profile.type,
      enrolled: st.enrolled,
      method: st.method,
      ...(skew !== undefined ? { clockSkewSeconds: skew } : {}),
      checkedAt: this.now()
    }
  }

  private asAppError(err: unknown): AppError {
    if (err instanceof AppError) return err
    return new AppError(
      'INTERNAL',
      'Something went wrong inside Tessera while talking to the server. Try again.',
      { cause: err }
    )
  }

  private run(profile: ServerProfile, action: AuditAction, opts: EnrollOptions): Run {
    const onStep = opts.onStep
    return {
      profile,
      action,
      client: this.client(profile, opts.signal),
      warnings: [],
      signal: opts.signal,
      sent: false,
      emit: (step, message, details, code) => {
        if (!onStep) return
        const e: EnrollEvent = { step, at: this.now(), message }
        if (details && Object.keys(details).length > 0) e.details = details
        if (code) e.code = code
        try {
          onStep(e)
        } catch {
          // A broken progress view must not break an enrollment half-way.
        }
      }
    }
  }

  /** A client whose every call honours Retry-After and records the server's clock. */
  private client(profile: ServerProfile, signal: AbortSignal | undefined): TwoFactorClient {
    const inner = clientFor(
      profile,
      {
        now: this.now,
        ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
        ...(this.deps.timeoutMs !== undefined ? { timeoutMs: this.deps.timeoutMs } : {}),
        ...(signal ? { signal } : {}),
        onClock: (ms) => this.skew.set(profile.id, ms)
      },
      this.deps.readQr ? { readQr: this.deps.readQr } : {}
    )
    const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
      const until = this.notBefore.get(profile.id)
      const t = this.now()
      if (until !== undefined && t < until) {
        const retryAfter = Math.ceil((until - t) / 1000)
        throw new AppError(
          'RATE_LIMITED',
          `The server asked Tessera to slow down. Wait ${retryAfter} seconds, then try again.`,
          { details: { retryAfter } }
        )
      }
      try {
        return await fn()
      } catch (err) {
        if (err instanceof AppError && err.code === 'RATE_LIMITED') {
          this.notBefore.set(profile.id, this.now() + (err.details?.retryAfter ?? 60) * 1000)
        }
        throw err
      }
    }
    return {
      type: inner.type,
      status: () => guard(() => inner.status()),
      create: () => guard(() => inner.create()),
      answer: (id, code) =>
        guard(() => inner.answer(id, code)).finally(() => this.rememberCodeFormat(profile, inner)),
      enableEmail: () => guard(() => inner.enableEmail()),
      disable: (password) => guard(() => inner.disable(password))
    }
  }

  /**
   * Keeps the `verificationCode` form a UCloud server parsed with its profile, so the next
   * enrollment sends it first. A failed write only costs one 400 next time.
   */
  private async rememberCodeFormat(profile: ServerProfile, client: TwoFactorClient): Promise<void> {
    const learned = client.learnedCodeFormat?.()
    if (learned === undefined || learned === profile.codeFormat) return
    try {
      await this.deps.servers.update(profile.id, { codeFormat: learned })
      profile.codeFormat = learned
    } catch {
      // Not worth failing an enrollment over.
    }
  }

  private async log(
    profile: ServerProfile,
    action: AuditAction,
    outcome: 'ok' | ErrorCode,
    account?: Pick<Account, 'id' | 'issuer' | 'label'>,
    challengeId?: string,
    httpStatus?: number | string | boolean
  ): Promise<void> {
    if (!this.deps.audit) return
    try {
      await this.deps.audit.append({
        action,
        serverId: profile.id,
        serverName: profile.name,
        serverType: profile.type,
        outcome,
        ...(account ? { accountId: account.id, account: accountName(account) } : {}),
        ...(challengeId !== undefined ? { challengeId } : {}),
        ...(typeof httpStatus === 'number' ? { httpStatus } : {})
      })
    } catch {
      // The audit log is a record, not a gate: a full disk must not undo an enrollment.
    }
  }
}
