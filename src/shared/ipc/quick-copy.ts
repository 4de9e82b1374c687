/**
 * IPC channels of the Quick copy window: a second page of the same renderer bundle, behind the
 * same preload and the same sender checks. It asks main for the ranked matches of what was typed
 * (codes for those rows only, never a secret), copies one through main's clipboard and asks main
 * to hide it again.
 */
import { z } from 'zod'
import type { AccountView, CodeView } from '../model'
import { accountIdSchema } from './accounts'
import { channel, event } from './contract'
import type { CopyResult } from './codes'

/** Longest search text the window sends (longer is never a name anyone typed). */
export const MAX_QUICK_COPY_QUERY = 200

/** One row of the Quick copy window: the names and the current code, no secret. */
export interface QuickCopyRow {
  id: string
  issuer: string
  label: string
  type: AccountView['type']
  favorite: boolean
  /** Copied recently on this computer. */
  recent: boolean
  code: CodeView
}

export interface QuickCopyList {
  rows: QuickCopyRow[]
  /** Matches left out below the rows shown (type more to narrow). */
  more: number
  /** Active accounts in the vault at all (0: nothing to copy yet). */
  total: number
}

export const quickCopyChannels = {
  /** The best matches for `query`: favourites first, then the recently copied, then the rest. */
  'quickCopy:list': channel<QuickCopyList>()(
    z.strictObject({
      query: z
        .string()
        .max(MAX_QUICK_COPY_QUERY, `Search for at most ${MAX_QUICK_COPY_QUERY} characters.`)
    })
  ),
  /** Copies the account's current code (auto-cleared like every copy) and remembers it as recent. */
  'quickCopy:copy': channel<CopyResult>()(z.strictObject({ id: accountIdSchema })),
  /**
   * Hides the Quick copy window (Esc, or after a copy). Works while the vault is locked too:
   * Esc hides it whatever the vault's state, and it reads nothing of the vault.
   */
  'quickCopy:hide': channel<null>({ openWhileLocked: true })(z.undefined()),
  /** Hides Quick copy and brings the main window forward (to set up, add or repair). */
  'quickCopy:openMain': channel<null>({ openWhileLocked: true })(z.undefined())
}

export const quickCopyEvents = {
  /** The window was shown again (shortcut, tray): start from an empty search, focused. */
  'quickCopy:shown': event<Record<string, never>>()
}
