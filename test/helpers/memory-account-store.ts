/** An AccountStore in memory, for tests: the same patch, restore and order rules as the vault. */
import { AppError } from '../../src/shared/errors'
import type { Account, AccountStatus, NewAccount } from '../../src/shared/model'
import {
  applyPatch,
  applyPatches,
  checkRestorable,
  materialize,
  withRestored,
  type AccountPatch,
  type AccountPatchFor,
  type AccountStore
} from '../../src/main/core/accounts/store'

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
    let order =
      this.accounts.size === 0
        ? 0
        : Math.max(...[...this.accounts.values()].map((a) => a.order)) + 1
    const now = this.now()
    const added = inputs.map((input) => materialize(input, order++, now, status))
    for (const a of added) this.accounts.set(a.id, a)
    return added
  }

  async update(id: string, patch: AccountPatch): Promise<Account> {
    const current = this.accounts.get(id)
    if (!current)
      throw new AppError('NOT_FOUND', 'That account no longer exists. Refresh the list.')
    const next = applyPatch(current, patch, this.now())
    this.accounts.set(id, next)
    return next
  }

  async updateMany(patches: AccountPatchFor[]): Promise<Account[]> {
    if (patches.length === 0) return []
    const { accounts, updated } = applyPatches([...this.accounts.values()], patches, this.now())
    this.accounts = new Map(accounts.map((a) => [a.id, a]))
    return updated
  }

  async remove(id: string): Promise<void> {
    if (!this.accounts.delete(id)) {
      throw new AppError('NOT_FOUND', 'That account no longer exists. Refresh the list.')
    }
  }

  async restore(accounts: Account[]): Promise<Account[]> {
    const restored = checkRestorable([...this.accounts.values()], accounts)
    const all = withRestored([...this.accounts.values()], restored)
    this.accounts = new Map(all.map((a) => [a.id, a]))
    return restored.map((a) => structuredClone(a))
  }
}
