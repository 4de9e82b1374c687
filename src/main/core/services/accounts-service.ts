/**
 * The accounts service: what the app (IPC handlers) and, later, the CLI do with accounts, over an
 * AccountStore and an injectable clock. It returns views only; no secret leaves this module
 * except through the store it was given.
 */
import { AppError } from '../../../shared/errors'
import { toAccountView, type Account, type AccountView, type CodeView } from '../../../shared/model'
import type { AccountStore } from '../accounts/store'
import { codeView } from '../otp'
import { parseOtpauthUri } from '../otpauth'

/** Milliseconds since the Unix epoch. Tests and the e2e harness pass a fixed one. */
export type Clock = () => number

export const systemClock: Clock = () => Date.now()

/** Hooks the service calls after it changed the set of accounts (e.g. to notify windows). */
export interface AccountsServiceEvents {
  changed?(reason: 'added' | 'removed' | 'updated', ids: string[]): void
}

const TIME_BASED = new Set<Account['otp']['type']>(['totp', 'steam', 'motp', 'yandex'])

function sameAccount(a: Account, issuer: string, label: string, secret: string): boolean {
  return a.issuer === issuer && a.label === label && a.otp.secret === secret
}

export class AccountsService {
  constructor(
    private readonly store: AccountStore,
    private readonly clock: Clock = systemClock,
    private readonly events: AccountsServiceEvents = {}
  ) {}

  /** Every account in the user's order, as views (no secret, no pin). */
  list(): AccountView[] {
    return this.store.list().map(toAccountView)
  }

  /**
   * Adds the account an otpauth:// URI describes.
   * Throws AppError('INVALID_URI') naming what is wrong with the URI, or AppError('DUPLICATE')
   * when the same issuer, label and secret are already stored.
   */
  async addFromUri(uri: string): Promise<AccountView> {
    const parsed = parseOtpauthUri(uri)
    const existing = this.store
      .list()
      .find((a) => sameAccount(a, parsed.issuer, parsed.label, parsed.otp.secret))
    if (existing) {
      const name = [existing.issuer, existing.label].filter(Boolean).join(' · ')
      throw new AppError(
        'DUPLICATE',
        `${name || 'That account'} is already in Tessera with the same secret. Nothing was added.`
      )
    }
    const [added] = await this.store.addMany([parsed])
    if (!added) throw new AppError('INTERNAL', 'The account could not be saved. Try again.')
    this.events.changed?.('added', [added.id])
    return toAccountView(added)
  }

  /** Deletes an account. Throws AppError('NOT_FOUND') when it no longer exists. */
  async remove(id: string): Promise<void> {
    await this.store.remove(id)
    this.events.changed?.('removed', [id])
  }

  /**
   * The current code of every active account at the service's clock; time-based accounts also get
   * the next code, so the UI can show it near the end of a period.
   */
  codes(): CodeView[] {
    const now = this.clock()
    return this.store
      .list()
      .filter((a) => a.status === 'active')
      .map((a) => codeView(a, now, TIME_BASED.has(a.otp.type)))
  }

  /**
   * The current code of one account at the service's clock (HOTP: for the stored counter, which
   * this does not move). Throws AppError('NOT_FOUND') for an unknown id.
   */
  code(id: string): CodeView {
    const account = this.store.get(id)
    if (!account)
      throw new AppError('NOT_FOUND', 'That account no longer exists. Refresh the list.')
    return codeView(account, this.clock())
  }

  /**
   * HOTP: moves the counter on by one (one store write) and returns the code for the new counter.
   * Throws AppError('NOT_FOUND') for an unknown id and AppError('INVALID_INPUT') for an account that
   * is not counter-based.
   */
  async advanceCounter(id: string): Promise<CodeView> {
    const account = this.store.get(id)
    if (!account)
      throw new AppError('NOT_FOUND', 'That account no longer exists. Refresh the list.')
    if (account.otp.type !== 'hotp') {
      throw new AppError(
        'INVALID_INPUT',
        'Only counter-based (HOTP) accounts have a next code on demand; this one changes with time.'
      )
    }
    const updated = await this.store.update(id, { counter: account.otp.counter + 1 })
    this.events.changed?.('updated', [id])
    return codeView(updated, this.clock())
  }
}
