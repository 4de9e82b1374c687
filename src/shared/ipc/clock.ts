/**
 * IPC of the clock check: how far this computer's clock is off (from the `Date` headers of the
 * configured servers and, where the user allows it, one time check address), and whether codes
 * are corrected by it. Nothing is fetched unless the user asks (Check now) or agreed to checks.
 * The settings are this computer's (device.json), never the vault's.
 */
import { z } from 'zod'
import { channel, event } from './contract'

/** The last check that gave an answer. */
export interface ClockMeasurementView {
  /** True time minus this computer's, ms (negative: this clock runs ahead). */
  offsetMs: number
  measuredAt: number
  /** How many servers agreed. */
  used: number
  uncertaintyMs: number
}

export interface ClockStatusView {
  /** The user agreed to a check at start and every few hours. */
  autoCheck: boolean
  /** The user agreed to ask the time check address too. */
  useTimeUrl: boolean
  timeUrl: string | null
  /** Codes are computed at the corrected time. */
  correct: boolean
  last: ClockMeasurementView | null
  /** Ms codes are shifted by right now (0 unless `correct` and a measurement). */
  correctionMs: number
  /** Names of the servers a check asks (the configured 2FA servers). */
  servers: string[]
}

/** One server's answer, as the check's details list it. */
export interface ClockSampleView {
  source: string
  kind: 'server' | 'time-url'
  used: boolean
  offsetMs?: number
  /** Why it was left out, in words. */
  reason?: string
}

export interface ClockCheckView {
  ok: boolean
  /** "Your clock is 47 s fast.", or why there is no answer. */
  message: string
  samples: ClockSampleView[]
  status: ClockStatusView
}

export const clockChannels = {
  'clock:status': channel<ClockStatusView>()(z.undefined()),
  /** Changes what the user agreed to, the address, or the correction; answers the status. */
  'clock:update': channel<ClockStatusView>()(
    z.strictObject({
      autoCheck: z.boolean().optional(),
      useTimeUrl: z.boolean().optional(),
      timeUrl: z
        .string()
        .trim()
        .max(2048, 'The address is too long. Use the site’s address only.')
        .nullable()
        .optional(),
      correct: z.boolean().optional()
    })
  ),
  /** Asks the servers (and the time check address, if allowed) for the time now. */
  'clock:check': channel<ClockCheckView>()(z.undefined())
}

export const clockEvents = {
  /** The clock settings or the measured offset changed (codes may have moved). */
  'clock:changed': event<ClockStatusView>()
}
