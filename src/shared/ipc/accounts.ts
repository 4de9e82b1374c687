/** IPC channels and events of the accounts domain. */
import { z } from 'zod'
import type { AccountView } from '../model'
import { channel, event } from './contract'

/** An account id as main hands it out (a UUID today; any short opaque string tomorrow). */
export const accountIdSchema = z.string().min(1).max(128)

/** The longest otpauth URI Tessera accepts from the renderer. Real ones are a few hundred bytes. */
export const MAX_URI_LENGTH = 4096

export const accountsChannels = {
  /** Every account, in the user's order, without secrets. */
  'accounts:list': channel<AccountView[]>()(z.undefined()),
  /** Adds the account an otpauth:// URI describes; the error message names what is wrong. */
  'accounts:addFromUri': channel<AccountView>()(
    z.strictObject({
      uri: z
        .string()
        .trim()
        .min(1, 'Paste an otpauth:// URI first.')
        .max(
          MAX_URI_LENGTH,
          `That is longer than any otpauth URI (${MAX_URI_LENGTH} characters at most). Check what you pasted.`
        )
    })
  ),
  /** Deletes one account. */
  'accounts:remove': channel<null>()(z.strictObject({ id: accountIdSchema }))
}

export type AccountsChangeReason = 'added' | 'removed' | 'updated'

export const accountsEvents = {
  /** The set of accounts changed (here, in another window, or from the CLI); reload the list. */
  'accounts:changed': event<{ reason: AccountsChangeReason; ids: string[] }>()
}
