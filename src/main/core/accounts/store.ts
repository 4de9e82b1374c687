import { AppError } from '../../../shared/errors'
import type { Account, AccountStatus, NewAccount } from '../../../shared/model'

/** Fields of an account that may be changed after it was added. */
export type AccountPatch = Partial<
  Pick<Account, 'issuer' | 'label' | 'tags' | 'favorite' | 'note' | 'order' | 'status' | 'enrollment'>
> & { counter?: number }

/**
 * Where accounts live. The in-memory store below backs the foundation and tests; the encrypted
 * vault implements the same interface. Every mutating call is one durable write.
 */
export interface AccountStore {
  list(): Account[]
  get(id: string): Account | undefined
  /** Adds all accounts in one write and returns them with ids, in order. */
  addMany(accounts: NewAccount[], status?: AccountStatus): Promise<Account[]>
  update(id: string, patch: AccountPatch): Promise<Account>
  remove(id: string): Promise<void>
}

export function newAccountId(): string {
  return globalThis.crypto.randomUUID()
}

/** Builds a stored account from a new one. */
export function materialize(
  input: NewAccount,
  order: number,
  now: number,
  status: AccountStatus = 'active'
): Account {
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
  return account
}

/** Applies a patch to an account, returning a new object. */
export function applyPatch(account: Account, patch: AccountPatch, now: number): Account {
  const { counter, ...rest } = patch
  const next: Account = { ...account, ...rest, updatedAt: now }
  if (counter !== undefined) next.otp = { ...account.otp, counter }
  return next
}

export class MemoryAccountStore implements AccountStore {
  private accounts = new Map<string, Account>()

  constructor(private readonly now: () => number = Date.now) {}

  list(): Account[] {
    return [...this.accounts.values()].sort((a, b) => a.order - b.order)
  }

  get(id: string): Account | undefined {
    return this.accounts.get(id)
  }

  async addMany(inputs: NewAccount[], status: AccountStatus = 'active'): Promise<Account[]> {
    let order = this.accounts.size === 0 ? 0 : Math.max(...[...this.accounts.values()].map((a) => a.order)) + 1
    const now = this.now()
    const added = inputs.map((input) => materialize(input, order++, now, status))
    for (const a of added) this.accounts.set(a.id, a)
    return added
  }

  async update(id: string, patch: AccountPatch): Promise<Account> {
    const current = this.accounts.get(id)
    if (!current) throw new AppError('NOT_FOUND', 'That account no longer exists. Refresh the list.')
    const next = applyPatch(current, patch, this.now())
    this.accounts.set(id, next)
    return next
  }

  async remove(id: string): Promise<void> {
    if (!this.accounts.delete(id)) {
      throw new AppError('NOT_FOUND', 'That account no longer exists. Refresh the list.')
    }
  }
}
