/** Handlers of the accounts domain, over the accounts service. */
import type { AccountsService } from '../core/accounts/service'
import { assertManualEntryAllowed, assertRevealAllowed, type PolicyGetter } from '../core/policy'
import type { Handler } from '../handlers'

type AccountsChannel =
  | 'accounts:list'
  | 'accounts:addFromUri'
  | 'accounts:add'
  | 'accounts:update'
  | 'accounts:move'
  | 'accounts:sortByName'
  | 'accounts:remove'
  | 'accounts:restore'
  | 'accounts:reveal'

export function accountsHandlers(
  accounts: AccountsService,
  policy: PolicyGetter
): {
  [K in AccountsChannel]: Handler<K>
} {
  return {
    'accounts:list': async () => accounts.list(),
    'accounts:addFromUri': async ({ uri, allowDuplicate }) => {
      assertManualEntryAllowed(policy())
      return accounts.addFromUri(uri, allowDuplicate ?? false)
    },
    'accounts:add': async ({ allowDuplicate, ...fields }) => {
      assertManualEntryAllowed(policy())
      return accounts.addManual(fields, allowDuplicate)
    },
    'accounts:update': async ({ id, ...edit }) => {
      const clean: Parameters<AccountsService['update']>[1] = {}
      if (edit.issuer !== undefined) clean.issuer = edit.issuer
      if (edit.label !== undefined) clean.label = edit.label
      if (edit.tags !== undefined) clean.tags = edit.tags
      if (edit.favorite !== undefined) clean.favorite = edit.favorite
      return accounts.update(id, clean)
    },
    'accounts:move': async ({ id, beforeId }) => accounts.move(id, beforeId),
    'accounts:sortByName': async () => {
      await accounts.sortByName()
      return null
    },
    'accounts:remove': async ({ id }) => accounts.remove(id),
    'accounts:restore': async ({ id }) => accounts.restore(id),
    'accounts:reveal': async ({ id }) => {
      assertRevealAllowed(policy())
      return accounts.reveal(id)
    }
  }
}
