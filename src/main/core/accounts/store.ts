import { AppError } from '../../../shared/errors'
import type { Account, AccountStatus, NewAccount } from '../../../shared/model'
import { admitAccount } from './admit'

/** Fields of an account that may be changed after it was added. */
export type AccountPatch = Partial<
  Pick<
    Account,
    'issuer' | 'label' | 'tags' | 'favorite' | 'note' | 'order' | 'status' | 'enrollment'
  >
> & { counter?: number }

/**
 * Where accounts live: the encrypted vault implements it (tests have an in-memory one in
 * test/helpers/). Every mutating call is one durable write.
 */
export interface AccountStore {
  list(): Account[]
  get(id: string): Account | undefined
  /** Adds all accounts in one write and returns them with ids, in order. */
  addMany(accounts: NewAccount[], status?: AccountStatus): Promise<Account[]>
  update(id: string, patch: AccountPatch): Promise<Account>
  /**
   * Applies every patch in ONE write (sort, renumber) and returns the updated accounts in the
   * order of `patches`; a later patch for the same id applies on top of an earlier one. An empty
   * list writes nothing. Throws NOT_FOUND (and writes nothing at all) when any id is unknown:
   * refresh the list and try again.
   */
  updateMany(patches: AccountPatchFor[]): Promise<Account[]>
  remove(id: string): Promise<void>
  /**
   * Puts back accounts removed earlier (undo), exactly as they were: same id, order, secret,
   * counter and every other field, in ONE write. Throws DUPLICATE (and writes nothing) when an
   * id is already in the store or appears twice: that account is already back.
   */
  restore(accounts: Account[]): Promise<Account[]>
}

/** One entry of `AccountStore.updateMany`. */
export interface AccountPatchFor {
  id: string
  patch: AccountPatch
}

export function newAccountId(): string {
  return globalThis.crypto.randomUUID()
}

/**
 * Builds a stored account from a new one, after {@link admitAccount}: every store's add goes
 * through here, so no way in (scan, link, import, manual, enrollment, CLI) can store an account
 * that would fail later, or a name with hidden characters.
 *
 * @throws AppError as admitAccount (INVALID_SECRET, INVALID_INPUT); the caller writes nothing.
 */
export function materialize(
  raw: NewAccount,
  order: number,
  now: number,
  status: AccountStatus = 'active'
): Account {
  const input = admitAccount(raw)
  const account: Account = {
    id: newAccountId(),
    issuer: input.issuer,
    label: input.label,
    otp: { ...input.otp },
    tags: [...(input.tags ?? [])],
    favorite: input.favorite ?? false,
    order,
    status,
    createdAt: now,
    updatedAt: now
  }
  if (input.note !== undefined) account.note = input.note
  if (input.enrollment !== undefined) account.enrollment = { ...input.enrollment }
  return account
}

/**
 * Applies `patches` to `accounts` (any order) without touching the input, for one write.
 * Throws NOT_FOUND naming how many ids were unknown when any is; nothing is changed then.
 */
export function applyPatches(
  accounts: readonly Account[],
  patches: readonly AccountPatchFor[],
  now: number
): { accounts: Account[]; updated: Account[] } {
  const index = new Map<string, number>()
  accounts.forEach((a, i) => index.set(a.id, i))
  const missing = patches.filter((p) => !index.has(p.id)).length
  if (missing > 0) {
    throw new AppError(
      'NOT_FOUND',
      missing === 1
        ? 'An account in this change no longer exists, so nothing was changed. Refresh the list and try again.'
        : `${missing} accounts in this change no longer exist, so nothing was changed. Refresh the list and try again.`,
      { details: { missing } }
    )
  }
  const next = [...accounts]
  const touched: number[] = []
  for (const { id, patch } of patches) {
    const i = index.get(id)!
    next[i] = applyPatch(next[i]!, patch, now)
    touched.push(i)
  }
  return { accounts: next, updated: touched.map((i) => next[i]!) }
}

/**
 * Checks that `restoring` can go back next to `existing`: no id already present or given twice.
 * Returns deep copies to store. Throws DUPLICATE otherwise (the caller writes nothing).
 */
export function checkRestorable(
  existing: readonly Account[],
  restoring: readonly Account[]
): Account[] {
  const ids = new Set(existing.map((a) => a.id))
  for (const a of restoring) {
    if (ids.has(a.id)) {
      throw new AppError(
        'DUPLICATE',
        `${[a.issuer, a.label].filter(Boolean).join(' · ') || 'That account'} is already back in ` +
          'the list, so nothing was restored.',
        { details: { id: a.id } }
      )
    }
    ids.add(a.id)
  }
  return restoring.map((a) => structuredClone(a))
}

/**
 * `existing` with `restored` slotted back in: each restored account goes before the first
 * account whose order is not lower than its own, so when another account took the same order
 * meanwhile (added at the end while this one was gone), the restored one still shows in its old
 * place.
 */
export function withRestored(
  existing: readonly Account[],
  restored: readonly Account[]
): Account[] {
  const out = [...existing]
  for (const a of restored) {
    const at = out.findIndex((b) => b.order >= a.order)
    if (at < 0) out.push(a)
    else out.splice(at, 0, a)
  }
  return out
}

/** Applies a patch to an account, returning a new object. */
export function applyPatch(account: Account, patch: AccountPatch, now: number): Account {
  const { counter, ...rest } = patch
  const next: Account = { ...account, ...rest, updatedAt: now }
  if (counter !== undefined) next.otp = { ...account.otp, counter }
  return next
}
