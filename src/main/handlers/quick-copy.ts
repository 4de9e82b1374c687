/**
 * Handlers of the Quick copy window: ranked matches with codes for the shown rows only, copying
 * through the same clipboard port as the main window (auto-cleared), and hiding the window.
 */
import { rankQuickCopy, QUICK_COPY_ROWS } from '../../shared/quick-copy'
import type { QuickCopyRow } from '../../shared/ipc/quick-copy'
import type { AccountsService } from '../core/accounts/service'
import type { Handler } from '../handlers'
import type { QuickCopyWindowPort } from '../ports'

type QuickCopyChannel =
  'quickCopy:list' | 'quickCopy:copy' | 'quickCopy:hide' | 'quickCopy:openMain'

export interface QuickCopyDeps {
  accounts: AccountsService
  /** Ids of the accounts copied last on this computer, newest first. */
  recent: () => readonly string[]
  /** Copies an account's code the way `codes:copy` does (and remembers it as recent). */
  copy: Handler<'codes:copy'>
  window: QuickCopyWindowPort
}

export function quickCopyHandlers(deps: QuickCopyDeps): { [K in QuickCopyChannel]: Handler<K> } {
  return {
    'quickCopy:list': async ({ query }) => {
      const accounts = deps.accounts.list()
      const recent = deps.recent()
      const matches = rankQuickCopy(accounts, query, recent, Number.MAX_SAFE_INTEGER)
      const shown = matches.slice(0, QUICK_COPY_ROWS)
      // Codes for the rows shown only: the other matches never get one computed.
      const codes = new Map(deps.accounts.codes(shown.map((a) => a.id)).map((c) => [c.id, c]))
      const recentSet = new Set(recent)
      const rows: QuickCopyRow[] = []
      for (const a of shown) {
        const code = codes.get(a.id)
        if (!code) continue
        rows.push({
          id: a.id,
          issuer: a.issuer,
          label: a.label,
          type: a.type,
          favorite: a.favorite,
          recent: recentSet.has(a.id),
          code: {
            id: code.id,
            code: code.code,
            validUntil: code.validUntil,
            period: code.period,
            ...(code.error ? { error: code.error } : {})
          }
        })
      }
      return {
        rows,
        more: matches.length - shown.length,
        total: accounts.filter((a) => a.status === 'active').length
      }
    },
    'quickCopy:copy': (input, ctx) => deps.copy(input, ctx),
    'quickCopy:hide': async () => {
      deps.window.hide()
      return null
    },
    'quickCopy:openMain': async () => {
      deps.window.openMain()
      return null
    }
  }
}
