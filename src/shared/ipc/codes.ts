/** IPC channels of the codes domain: codes are computed in main, the renderer only shows them. */
import { z } from 'zod'
import type { CodeView } from '../model'
import { accountIdSchema } from './accounts'
import { channel } from './contract'

/** Most codes one `codes:list` call computes: a screenful or two, never the whole vault. */
export const MAX_CODES_PER_CALL = 500

export const codesChannels = {
  /** The current code of every active account (and the next one for time-based accounts). */
  'codes:list': channel<CodeView[]>()(z.undefined()),
  /**
   * The codes of just these accounts (what the list shows), in the order asked; unknown and
   * inactive ids are left out. With 10,000 accounts the list asks for a screenful, not all.
   */
  'codes:listFor': channel<CodeView[]>()(
    z.strictObject({
      ids: z
        .array(accountIdSchema)
        .max(MAX_CODES_PER_CALL, `Ask for at most ${MAX_CODES_PER_CALL} codes at a time.`)
    })
  ),
  /** HOTP: moves the counter on by one and returns the new code. */
  'codes:advanceCounter': channel<CodeView>()(z.strictObject({ id: accountIdSchema })),
  /**
   * Copies the account's current code to the system clipboard (main writes it; the page has no
   * clipboard permission). Says when Tessera will clear it again, if it will.
   */
  'codes:copy': channel<CopyResult>()(z.strictObject({ id: accountIdSchema }))
}

export interface CopyResult {
  /** Seconds until Tessera clears the clipboard (if it still holds the code); null: never. */
  clearsInSeconds: number | null
}

export const codesEvents = {}
