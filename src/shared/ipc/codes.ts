/** IPC channels of the codes domain: codes are computed in main, the renderer only shows them. */
import { z } from 'zod'
import type { CodeView } from '../model'
import { accountIdSchema } from './accounts'
import { channel } from './contract'

export const codesChannels = {
  /** The current code of every active account (and the next one for time-based accounts). */
  'codes:list': channel<CodeView[]>()(z.undefined()),
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
