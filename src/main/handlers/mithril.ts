/**
 * Mithril's SMS sign-in and phone change over the same MithrilService the CLI uses: the
 * wrong-code count lives in the vault (shared with `tessera mithril`), so neither can let the
 * user burn the attempt that blocks the account. No token or code crosses back.
 */
import type { Channel } from '../../shared/ipc'
import type { MithrilService } from '../core/mithril/service'
import type { Handler } from '../handlers'

export interface MithrilDeps {
  /** The service over the unlocked vault (a getter: built once the vault is open). */
  service: () => MithrilService
}

type MithrilChannel = Extract<Channel, `mithril:${string}`>
export type MithrilHandlers = { readonly [K in MithrilChannel]: Handler<K> }

export function createMithrilHandlers(d: MithrilDeps): MithrilHandlers {
  return {
    'mithril:state': async ({ id }) => d.service().state(id),
    'mithril:signIn': async ({ id, password }) => d.service().signIn(id, password),
    'mithril:submit': async ({ id, code, confirmLastAttempt }) =>
      d.service().submit(id, code, confirmLastAttempt !== undefined ? { confirmLastAttempt } : {}),
    'mithril:resend': async ({ id }) => d.service().resend(id),
    'mithril:setPhone': async ({ id, phone }) => d.service().setPhone(id, phone),
    'mithril:cancel': async ({ id }) => {
      await d.service().cancel(id)
      return null
    },
    'mithril:signOut': async ({ id }) => {
      await d.service().signOut(id)
      return null
    }
  }
}
