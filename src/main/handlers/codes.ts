/** Handlers of the codes domain: codes computed in main, copies written by main. */
import type { AccountsService } from '../core/accounts/service'
import { assertCopyAllowed, type PolicyGetter } from '../core/policy'
import type { Handler } from '../handlers'
import type { ClipboardPort } from '../ports'

type CodesChannel = 'codes:list' | 'codes:listFor' | 'codes:advanceCounter' | 'codes:copy'

export function codesHandlers(
  accounts: AccountsService,
  clipboard: ClipboardPort,
  /** Seconds until a copied code is cleared (0: never): the user's choice under the policy's ceiling. */
  clearAfterSeconds: () => number,
  policy: PolicyGetter,
  /** Told after a code was copied (the recently copied list of Quick copy). */
  copied: (id: string) => void = () => undefined
): { [K in CodesChannel]: Handler<K> } {
  return {
    'codes:list': async () => accounts.codes(),
    'codes:listFor': async ({ ids }) => accounts.codes(ids),
    'codes:advanceCounter': async ({ id }) => accounts.advanceCounter(id),
    'codes:copy': async ({ id }) => {
      assertCopyAllowed(policy())
      const { code } = accounts.code(id)
      const { clearsAfterMs } = await clipboard.copy(code, clearAfterSeconds() * 1000 || null)
      copied(id)
      return { clearsInSeconds: clearsAfterMs === null ? null : Math.round(clearsAfterMs / 1000) }
    }
  }
}
