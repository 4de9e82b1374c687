/**
 * The accounts service: what the app (IPC handlers) and, later, the CLI do with accounts, over an
 * AccountStore and an injectable clock. It returns views only; no secret leaves this module
 * except through the store it was given and the one explicit `reveal` call.
 */
import { create as createQr } from 'qrcode/lib/core/qrcode.js'
import { AppError } from '../../../shared/errors'
import type { ManualField, RevealedSecret } from '../../../shared/ipc/accounts'
import {
  toAccountView,
  type Account,
  type AccountView,
  type CodeView,
  type HashAlgorithm,
  type NewAccount,
  type OtpType
} from '../../../shared/model'
import { admitAccount, MAX_NAME_LENGTH } from './admit'
import { DuplicateIndex } from './duplicates'
import type { AccountPatchFor, AccountStore } from './store'
import { cleanName } from '../../../shared/text'
import { codeView, normalizeBase32 } from '../otp'
import { formatOtpauthUri, parseOtpauthUri } from '../otpauth'

/** Milliseconds since the Unix epoch. Tests and the e2e harness pass a fixed one. */
export type Clock = () => number

export const systemClock: Clock = () => Date.now()

/** Hooks the service calls after it changed the set of accounts (e.g. to notify windows). */
export interface AccountsServiceEvents {
  changed?(reason: 'added' | 'removed' | 'updated', ids: string[]): void
}

/** How long a deleted account stays in main so "Undo" can bring it back. */
export const UNDO_WINDOW_MS = 30_000

const TIME_BASED = new Set<Account['otp']['type']>(['totp', 'steam', 'motp', 'yandex'])

/** The fields of the manual "Add account" form, after the IPC schema parsed them. */
export interface ManualAccount {
  issuer: string
  label: string
  secret: string
  type: OtpType
  algorithm: HashAlgorithm
  digits: number
  period: number
  counter: number
}

/** Changes `update` accepts. */
export interface AccountEdit {
  issuer?: string
  label?: string
  tags?: string[]
  favorite?: boolean
}

/**
 * Which duplicates an add lets through. `false`: none (the app asks first); `true`: a near copy
 * the user confirmed (same secret or same name), never an exact one; `'exact'`: even an exact
 * copy (the CLI's `tessera add --allow-duplicate`, a deliberate second copy).
 */
export type AllowDuplicate = boolean | 'exact'

/** What an existing account has in common with one about to be added. */
export interface DuplicateMatch {
  existing: Account
  sameSecret: boolean
  sameName: boolean
}

function displayName(a: Pick<Account, 'issuer' | 'label'>): string {
  return [a.issuer, a.label].filter(Boolean).join(' · ') || 'An unnamed account'
}

/** Which form field a core validation message is about (its messages start with the field). */
function fieldOf(err: AppError): ManualField | undefined {
  if (err.code === 'INVALID_SECRET') return 'secret'
  const given = err.details?.field
  if (given === 'issuer' || given === 'label') return given
  const m = /^(type|algorithm|digits|period|counter)\b/.exec(err.message)
  return m ? (m[1] as ManualField) : undefined
}

function withField(err: unknown): unknown {
  if (!(err instanceof AppError)) return err
  const field = fieldOf(err)
  if (!field) return err
  return new AppError(err.code, err.message, { details: { ...err.details, field } })
}

function normalizeTags(tags: string[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const raw of tags) {
    const tag = raw.trim()
    const key = tag.toLowerCase()
    if (!tag || seen.has(key)) continue
    seen.add(key)
    out.push(tag)
  }
  return out
}

export class AccountsService {
  /** Deleted accounts kept for undo, by their old id. */
  private readonly deleted = new Map<string, { account: Account; until: number }>()

  constructor(
    private readonly store: AccountStore,
    private readonly clock: Clock = systemClock,
    private readonly events: AccountsServiceEvents = {},
    /**
     * Ms added to the clock for codes (the measured clock offset when the user turned
     * correction on; 0 otherwise). Codes are computed at `clock() + offset`; their `validUntil`
     * stays on this computer's clock, so the window's countdown and refresh stay right.
     */
    private readonly codeOffset: () => number = () => 0
  ) {}

  /** The code view at the corrected time, with validUntil back on this computer's clock. */
  private corrected(view: CodeView, offset: number): CodeView {
    return offset === 0 || view.validUntil === null
      ? view
      : { ...view, validUntil: view.validUntil - offset }
  }

  /** Every account in the user's order, as views (no secret, no pin). */
  list(): AccountView[] {
    return this.store.list().map(toAccountView)
  }

  /**
   * The stored account that has the same secret (compared as bytes, same OTP type) or the same
   * issuer and name as `candidate`, or null; the rule is `accounts/duplicates`, shared with import
   * and scan review. An exact copy (both) wins, then a same-secret match, then a same-name one;
   * among equals the first in the user's order.
   */
  findDuplicate(candidate: Pick<NewAccount, 'issuer' | 'label' | 'otp'>): DuplicateMatch | null {
    const accounts = this.store.list()
    const m = new DuplicateIndex(accounts).match(candidate)
    const id = m.exact ?? m.sameSecret ?? m.sameName
    if (id === undefined) return null
    const existing = accounts.find((a) => a.id === id)
    if (!existing) return null
    if (m.exact !== undefined) return { existing, sameSecret: true, sameName: true }
    return { existing, sameSecret: m.sameSecret !== undefined, sameName: m.sameName === id }
  }

  /**
   * Refuses to add a duplicate unless the user confirmed. An exact copy (same secret and same
   * name) is refused always: it would only show the same code twice.
   * @throws AppError DUPLICATE with `details.canAddAnyway` and `details.sameSecret`.
   */
  private checkDuplicate(candidate: NewAccount, allowDuplicate: AllowDuplicate): void {
    if (allowDuplicate === 'exact') return
    const match = this.findDuplicate(candidate)
    if (!match) return
    const exact = match.sameName && match.sameSecret
    if (allowDuplicate && !exact) return
    const name = displayName(match.existing)
    const message = exact
      ? `${name} is already in Tessera with the same secret. Nothing was added.`
      : match.sameSecret
        ? `${name} already uses this secret, so both would show the same codes. Add it anyway only if you mean to keep a second copy.`
        : `${name} is already in Tessera with a different secret. If the site gave you a new key, add this one and delete the old account.`
    throw new AppError('DUPLICATE', message, {
      details: { canAddAnyway: !exact, sameSecret: match.sameSecret, sameName: match.sameName }
    })
  }

  private async addChecked(
    candidate: NewAccount,
    allowDuplicate: AllowDuplicate
  ): Promise<AccountView> {
    this.checkDuplicate(candidate, allowDuplicate)
    const [added] = await this.store.addMany([candidate])
    if (!added) throw new AppError('INTERNAL', 'The account could not be saved. Try again.')
    this.events.changed?.('added', [added.id])
    return toAccountView(added)
  }

  /**
   * Adds the account an otpauth:// URI describes.
   * Throws AppError('INVALID_URI') naming what is wrong with the URI, or AppError('DUPLICATE')
   * (nothing saved, `details.sameSecret` / `details.sameName` say why) when an account with the
   * same secret or name exists; see `checkDuplicate` and `AllowDuplicate`.
   */
  async addFromUri(uri: string, allowDuplicate: AllowDuplicate = false): Promise<AccountView> {
    return this.addChecked(admitAccount(parseOtpauthUri(uri)), allowDuplicate)
  }

  /**
   * Adds an account typed in by hand. The secret is normalised (spaces, hyphens, lower case are
   * fine) and every setting checked by the core.
   * @throws AppError INVALID_SECRET / INVALID_INPUT with `details.field` naming the form field to
   *   fix, or DUPLICATE as for `addFromUri`.
   */
  async addManual(input: ManualAccount, allowDuplicate = false): Promise<AccountView> {
    const issuer = cleanName(input.issuer)
    const label = cleanName(input.label)
    if (!issuer && !label) {
      throw new AppError(
        'INVALID_INPUT',
        'Name the account: enter the service (issuer), your account name, or both.',
        { details: { field: 'issuer' } }
      )
    }
    let candidate: NewAccount
    try {
      const otp = {
        type: input.type,
        secret: normalizeBase32(input.secret),
        algorithm: input.algorithm,
        digits: input.digits,
        period: input.period,
        counter: input.type === 'hotp' ? input.counter : 0
      }
      candidate = admitAccount({ issuer, label, otp })
    } catch (err) {
      throw withField(err)
    }
    return this.addChecked(candidate, allowDuplicate)
  }

  private mustGet(id: string): Account {
    const account = this.store.get(id)
    if (!account)
      throw new AppError('NOT_FOUND', 'That account no longer exists. Refresh the list.')
    return account
  }

  /**
   * Renames, re-tags or (un)pins an account. Tags are trimmed and de-duplicated ignoring case.
   * @throws AppError NOT_FOUND for an unknown id; INVALID_INPUT when both names would be empty.
   */
  async update(id: string, edit: AccountEdit): Promise<AccountView> {
    const current = this.mustGet(id)
    const patch: AccountEdit = {}
    if (edit.issuer !== undefined) patch.issuer = cleanName(edit.issuer)
    if (edit.label !== undefined) patch.label = cleanName(edit.label)
    for (const field of ['issuer', 'label'] as const) {
      const length = patch[field]?.length ?? 0
      if (length > MAX_NAME_LENGTH) {
        throw new AppError(
          'INVALID_INPUT',
          `That name is ${length} characters long; Tessera keeps names of up to ${MAX_NAME_LENGTH}. Shorten it.`,
          { details: { field } }
        )
      }
    }
    if (edit.tags !== undefined) patch.tags = normalizeTags(edit.tags)
    if (edit.favorite !== undefined) patch.favorite = edit.favorite
    const issuer = patch.issuer ?? current.issuer
    const label = patch.label ?? current.label
    if (!issuer && !label) {
      throw new AppError(
        'INVALID_INPUT',
        'An account needs a name: keep the service (issuer) or the account name.',
        { details: { field: 'issuer' } }
      )
    }
    const updated = await this.store.update(id, patch)
    this.events.changed?.('updated', [id])
    return toAccountView(updated)
  }

  /**
   * Moves an account just before `beforeId` in the manual order (to the end when null), with ONE
   * store write: the account takes an order between its new neighbours. Only when repeated moves
   * have used up the room between two neighbours is the whole order renumbered.
   * @throws AppError NOT_FOUND when either account no longer exists.
   */
  async move(id: string, beforeId: string | null): Promise<AccountView> {
    this.mustGet(id)
    if (beforeId === id) return toAccountView(this.mustGet(id))
    const others = this.store.list().filter((a) => a.id !== id)
    const at = beforeId === null ? others.length : others.findIndex((a) => a.id === beforeId)
    if (at < 0) throw new AppError('NOT_FOUND', 'That account no longer exists. Refresh the list.')
    const prev = others[at - 1]
    const next = others[at]
    let order: number
    if (!prev) order = next ? next.order - 1 : 0
    else if (!next) order = prev.order + 1
    else order = (prev.order + next.order) / 2
    if (prev && next && !(order > prev.order && order < next.order)) {
      const ids = others.map((a) => a.id)
      ids.splice(at, 0, id)
      await this.renumber(ids)
    } else {
      await this.store.update(id, { order })
    }
    this.events.changed?.('updated', [id])
    return toAccountView(this.mustGet(id))
  }

  /**
   * Writes orders 0..n-1 for `ids` in ONE store write (one vault save however many accounts
   * move), skipping accounts already in place; returns the ids that changed.
   */
  private async renumber(ids: string[]): Promise<string[]> {
    const patches: AccountPatchFor[] = []
    for (const [order, id] of ids.entries()) {
      if (this.store.get(id)?.order === order) continue
      patches.push({ id, patch: { order } })
    }
    if (patches.length > 0) await this.store.updateMany(patches)
    return patches.map((p) => p.id)
  }

  /** Orders every account by issuer, then name, ignoring case and accents. */
  async sortByName(): Promise<void> {
    const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })
    const sorted = this.store
      .list()
      .sort((a, b) => collator.compare(a.issuer, b.issuer) || collator.compare(a.label, b.label))
    const changed = await this.renumber(sorted.map((a) => a.id))
    if (changed.length > 0) this.events.changed?.('updated', changed)
  }

  /**
   * Deletes an account. Main keeps it for {@link UNDO_WINDOW_MS} so `restore` can bring it back
   * (the secret never goes to the renderer for that). Throws AppError('NOT_FOUND') when it no
   * longer exists.
   */
  async remove(id: string): Promise<{ undoSeconds: number }> {
    const account = this.mustGet(id)
    await this.store.remove(id)
    this.prune()
    this.deleted.set(id, { account, until: this.clock() + UNDO_WINDOW_MS })
    this.events.changed?.('removed', [id])
    return { undoSeconds: UNDO_WINDOW_MS / 1000 }
  }

  /**
   * Undoes a delete within the undo window: the account comes back with the SAME id (selection,
   * enrollment links and CLI scripts keep pointing at it), issuer, name, secret, counter, tags,
   * favourite, note, enrollment link and place in the order, in one store write.
   * @throws AppError NOT_FOUND when the window has passed or the account was never deleted;
   *   DUPLICATE when it is already back (another undo, or another process restored it).
   */
  async restore(id: string): Promise<AccountView> {
    this.prune()
    const entry = this.deleted.get(id)
    if (!entry) {
      throw new AppError(
        'NOT_FOUND',
        'It is too late to undo that delete. Add the account again from its setup key or QR code.'
      )
    }
    // taken out first so a second undo clicked meanwhile cannot restore it twice
    this.deleted.delete(id)
    let restored: Account | undefined
    try {
      ;[restored] = await this.store.restore([entry.account])
    } catch (err) {
      // a failed write (locked, disk) leaves the undo available; DUPLICATE means it is back
      if (!(err instanceof AppError && err.code === 'DUPLICATE')) this.deleted.set(id, entry)
      throw err
    }
    if (!restored) throw new AppError('INTERNAL', 'The account could not be restored. Try again.')
    this.events.changed?.('added', [restored.id])
    return toAccountView(restored)
  }

  /** Forgets deleted accounts kept for undo (on lock and quit, or when the window has passed). */
  discardUndo(): void {
    this.deleted.clear()
  }

  private prune(): void {
    const now = this.clock()
    for (const [id, entry] of this.deleted) if (entry.until <= now) this.deleted.delete(id)
  }

  /**
   * The secret of ONE account, as base32, otpauth URI and QR modules. Only for the explicit
   * "Reveal secret" the user confirmed; nothing else in this service returns a secret.
   * @throws AppError NOT_FOUND for an unknown id.
   */
  reveal(id: string): RevealedSecret {
    const account = this.mustGet(id)
    const uri = formatOtpauthUri(account)
    const qr = createQr(uri, { errorCorrectionLevel: 'M' })
    const size = qr.modules.size
    let modules = ''
    for (let i = 0; i < size * size; i++) modules += qr.modules.data[i] ? '1' : '0'
    return { id, secret: account.otp.secret, uri, qr: { size, modules } }
  }

  /**
   * Current codes at the service's clock; time-based accounts also get the next code, so the UI
   * can show it near the end of a period. With `ids`, only those accounts (unknown and inactive
   * ones are skipped), so the list asks only for what is on screen.
   */
  codes(ids?: readonly string[]): CodeView[] {
    const offset = this.codeOffset()
    const now = this.clock() + offset
    const accounts =
      ids === undefined
        ? this.store.list()
        : ids.map((id) => this.store.get(id)).filter((a): a is Account => a !== undefined)
    return accounts
      .filter((a) => a.status === 'active')
      .map((a) => this.corrected(this.safeCodeView(a, now), offset))
  }

  /**
   * One account's code view, or its own error: an account whose stored settings cannot give a
   * code (a vault written by an older Tessera, a missing PIN) must never take every other
   * account's code down with it.
   */
  private safeCodeView(a: Account, now: number): CodeView {
    try {
      return codeView(a, now, TIME_BASED.has(a.otp.type))
    } catch (err) {
      const e =
        err instanceof AppError
          ? err
          : new AppError('INTERNAL', 'This account cannot show a code. Check its settings.')
      return {
        id: a.id,
        code: '',
        validUntil: null,
        period: a.otp.period,
        error: { code: e.code, message: e.message }
      }
    }
  }

  /**
   * The current code of one account at the service's clock (HOTP: for the stored counter, which
   * this does not move). Throws AppError('NOT_FOUND') for an unknown id.
   */
  code(id: string): CodeView {
    const offset = this.codeOffset()
    return this.corrected(codeView(this.mustGet(id), this.clock() + offset), offset)
  }

  /**
   * HOTP: moves the counter on by one (one store write) and returns the code for the new counter.
   * Throws AppError('NOT_FOUND') for an unknown id and AppError('INVALID_INPUT') for an account that
   * is not counter-based.
   */
  async advanceCounter(id: string): Promise<CodeView> {
    const account = this.mustGet(id)
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
