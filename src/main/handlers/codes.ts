/** Handlers of the codes domain: codes computed in main, copies written by main. */
import { AppError } from '../../shared/errors'
import type { AccountsService } from '../core/services/accounts-service'
import type { ClipboardPort, Handler } from '../handlers'

type CodesChannel = 'codes:list' | 'codes:listFor' | 'codes:advanceCounter' | 'codes:copy'

export function codesHandlers(
  accounts: AccountsService,
  clipboard: ClipboardPort | undefined,
  /** The user's setting: seconds until a copied code is cleared (0: never). */
  clearAfterSeconds: () => number
): { [K in CodesChannel]: Handler<K> } {
  return {
    'codes:list': async () => accounts.codes(),
    'codes:listFor': async ({ ids }) => accounts.codes(ids),
    'codes:advanceCounter': async ({ id }) => accounts.advanceCounter(id),
    'codes:copy': async ({ id }) => {
      const { code } = accounts.code(id)
      if (!clipboard) {
        throw new AppError(
          'UNSUPPORTED',
          'Copying is not available here. Select the code and copy it by hand.'
        )
      }
      const { clearsAfterMs } = await clipboard.copy(code, clearAfterSeconds() * 1000 || null)
      return { clearsInSeconds: clearsAfterMs === null ? null : Math.round(clearsAfterMs / 1000) }
    }
  }
}
