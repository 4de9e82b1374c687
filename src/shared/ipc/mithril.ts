/**
 * IPC channels of Mithril's SMS second factor: sign in with the code, ask for a new code, set or
 * change the phone, see or drop the sign-in in progress, sign out. The password crosses
 * renderer→main once per sign-in and is never stored; no channel sends a token back, and no
 * view carries the code.
 *
 * Mithril blocks an account for good after three wrong codes. Main counts them in the vault
 * (the CLI shares the count), refuses a code that is not 6 digits without sending it
 * (INVALID_INPUT, details.reason `malformed-code`), and refuses the last attempt unless
 * `confirmLastAttempt` is set (INVALID_INPUT, details.reason `confirm-last-attempt`).
 */
import { z } from 'zod'
import { channel } from './contract'
import { serverIdSchema } from './servers'

/** Where a sign-in is: `otp` type the SMS code, `factor` set a phone, `restart` sign in again. */
export type MithrilStep = 'otp' | 'factor' | 'done' | 'restart'

/** A Mithril sign-in (or phone change) as the screen sees it: no token, no code. */
export interface MithrilSessionView {
  serverId: string
  server: string
  step: MithrilStep
  /** `sign-in`: the code signs in; `phone`: the code confirms a new phone. */
  purpose: 'sign-in' | 'phone'
  /** Wrong codes left before the server blocks the account (3 at most). */
  attemptsLeft: number
  /** The next code is the last one before the block: send it with `confirmLastAttempt`. */
  confirmBeforeSubmit: boolean
  /** "2 attempts left before your account is blocked.", once a code was wrong. */
  attemptsMessage?: string
  /** Unix ms when a new code can be asked for (the countdown). */
  resendAvailableAt: number
  /** Seconds until then, by main's clock when the view was made (0: now). */
  resendInSeconds: number
  /** Unix ms when the code sent stops working. */
  codeExpiresAt?: number
}

/** Longest password accepted for a Mithril sign-in. */
export const MAX_MITHRIL_PASSWORD_LENGTH = 1024

const idInput = z.strictObject({ id: serverIdSchema })

export const mithrilChannels = {
  /** The sign-in in progress with this profile, or null. */
  'mithril:state': channel<MithrilSessionView | null>()(idInput),
  /**
   * Signs in with the profile's email and this password (sent once, never stored). The server
   * sends an SMS (step `otp`), asks for a phone first (`factor`), or signs in at once (`done`).
   */
  'mithril:signIn': channel<MithrilSessionView>()(
    z.strictObject({
      id: serverIdSchema,
      password: z
        .string()
        .min(1, 'Type the password of your account on the server.')
        .max(MAX_MITHRIL_PASSWORD_LENGTH, 'That password is too long.')
    })
  ),
  /**
   * Sends the SMS code. Not 6 digits: refused, nothing sent. A wrong code is WRONG_CODE with
   * details.attemptsLeft; the one that blocks the account is LOCKED_OUT.
   */
  'mithril:submit': channel<MithrilSessionView>()(
    z.strictObject({
      id: serverIdSchema,
      code: z.string().max(32, 'An SMS code is exactly 6 digits.'),
      confirmLastAttempt: z.boolean().optional()
    })
  ),
  /** A new SMS (one every 20 s at most: RATE_LIMITED with details.retryAfter before that). */
  'mithril:resend': channel<MithrilSessionView>()(idInput),
  /**
   * Sets the first phone (step `factor`) or changes it with the stored sign-in; a code sent to
   * the new phone confirms it (`mithril:submit`).
   */
  'mithril:setPhone': channel<MithrilSessionView>()(
    z.strictObject({
      id: serverIdSchema,
      phone: z.string().max(32, 'Enter the phone number like +380501234567.')
    })
  ),
  /** Drops the sign-in in progress (nothing is sent to the server). */
  'mithril:cancel': channel<null>()(idInput),
  /** Forgets the stored access token of the profile. */
  'mithril:signOut': channel<null>()(idInput)
}

export const mithrilEvents = {}
