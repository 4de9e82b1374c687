/**
 * Handlers of the clock check: the settings the user agreed to (device.json), a check on demand
 * (HEAD requests to the configured servers and, only if allowed, the time check address; nothing
 * else is ever asked), and the correction codes follow.
 */
import { describeOffset } from '../../shared/clock'
import { AppError } from '../../shared/errors'
import type { Emit } from '../../shared/ipc'
import type { ClockCheckView, ClockStatusView } from '../../shared/ipc/clock'
import { checkTimeUrl, sampleClock, type DateFetch, type TimeSource } from '../core/clock/measure'
import { estimateClockOffset } from '../core/clock/offset'
import {
  correctionMs,
  type DeviceSettings,
  type DeviceSettingsStore
} from '../core/device/settings'
import type { Handler } from '../handlers'

type ClockChannel = 'clock:status' | 'clock:update' | 'clock:check'

export interface ClockDeps {
  device: DeviceSettingsStore
  /** The configured 2FA servers (name and address); asked for their Date header. */
  servers: () => readonly { name: string; baseUrl: string }[]
  emit: Emit
  now: () => number
  /** Default: Node's fetch (tests and the e2e harness pass their own). */
  fetch?: DateFetch
}

function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

export function clockHandlers(deps: ClockDeps): { [K in ClockChannel]: Handler<K> } {
  const status = (d: DeviceSettings = deps.device.get()): ClockStatusView => ({
    autoCheck: d.clock.autoCheck,
    useTimeUrl: d.clock.useTimeUrl,
    timeUrl: d.clock.timeUrl,
    correct: d.clock.correct,
    last: d.clock.last ? { ...d.clock.last } : null,
    correctionMs: correctionMs(d),
    servers: deps.servers().map((s) => s.name)
  })
  const changed = (d: DeviceSettings): ClockStatusView => {
    const view = status(d)
    deps.emit('clock:changed', view)
    return view
  }

  return {
    'clock:status': async () => status(),
    'clock:update': async (patch) => {
      const clock: Partial<DeviceSettings['clock']> = {}
      if (patch.timeUrl !== undefined) {
        if (patch.timeUrl === null || patch.timeUrl === '') clock.timeUrl = null
        else {
          const checked = checkTimeUrl(patch.timeUrl)
          if (!checked.ok) throw new AppError('INVALID_INPUT', checked.message)
          clock.timeUrl = checked.url
        }
      }
      if (patch.autoCheck !== undefined) clock.autoCheck = patch.autoCheck
      if (patch.useTimeUrl !== undefined) clock.useTimeUrl = patch.useTimeUrl
      if (patch.correct !== undefined) clock.correct = patch.correct
      return changed(await deps.device.update({ clock }))
    },
    'clock:check': async (): Promise<ClockCheckView> => {
      const d = deps.device.get()
      const sources: TimeSource[] = deps
        .servers()
        .map((s) => ({ name: s.name, url: s.baseUrl, kind: 'server' as const }))
      if (d.clock.useTimeUrl && d.clock.timeUrl) {
        sources.push({ name: hostOf(d.clock.timeUrl), url: d.clock.timeUrl, kind: 'time-url' })
      }
      if (sources.length === 0) {
        throw new AppError(
          'INVALID_INPUT',
          'There is nothing to ask for the time yet: add a 2FA server, or allow a time check address below.'
        )
      }
      const samples = await sampleClock(sources, {
        now: deps.now,
        ...(deps.fetch ? { fetch: deps.fetch } : {})
      })
      const estimate = estimateClockOffset(samples)
      const views = estimate.samples.map((s) => ({
        source: s.source,
        kind: s.kind,
        used: s.used,
        ...(s.offsetMs !== undefined ? { offsetMs: s.offsetMs } : {}),
        ...(s.reason ? { reason: s.reason } : {})
      }))
      if (!estimate.ok) {
        return { ok: false, message: estimate.message, samples: views, status: status(d) }
      }
      const next = await deps.device.update({
        clock: {
          last: {
            offsetMs: estimate.offsetMs,
            measuredAt: deps.now(),
            used: estimate.used,
            uncertaintyMs: estimate.uncertaintyMs
          }
        }
      })
      return {
        ok: true,
        message: describeOffset(estimate.offsetMs),
        samples: views,
        status: changed(next)
      }
    }
  }
}
