/** IPC channels of the codes domain: codes are computed in main, the renderer only shows them. */
import { z } from 'zod'
import type { CodeView } from '../model'
import { accountIdSchema } from './accounts'
import { channel } from './contract'

export const codesChannels = {
  /** The current code of every active account (and the next one for time-based accounts). */
  'codes:list': channel<CodeView[]>()(z.undefined()),
  /** HOTP: moves the counter on by one and returns the new code. */
  'codes:advanceCounter': channel<CodeView>()(z.strictObject({ id: accountIdSchema }))
}

export const codesEvents = {}
