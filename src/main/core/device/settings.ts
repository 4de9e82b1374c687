/**
 * Settings that belong to this computer, not to the vault: start at login, close to tray, the
 * Quick copy shortcut, the clock check (consent, address, the last measured offset and whether
 * codes are corrected by it) and which accounts were copied last. They live in `device.json`
 * beside the vault (mode 0600), never inside it: a vault copied or synced to another computer
 * must not carry this computer's clock error or its login item along.
 *
 * Reading never fails: a missing, unreadable or tampered file gives the defaults for every field
 * it gets wrong (and keeps the fields it gets right).
 */
import { randomBytes } from 'node:crypto'
import { readRegularFileSync } from '../fs/regular-file'
import { mkdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { DEFAULT_QUICK_COPY_SHORTCUT, parseAccelerator } from '../../../shared/accelerator'
import { AppError } from '../../../shared/errors'
import { writePrivateFile } from '../fs/private-file'

/** The last clock check that gave an answer. */
export interface ClockMeasurement {
  /** True time minus this computer's, ms (negative: this clock runs ahead). */
  offsetMs: number
  /** When it was measured (this computer's clock, Unix ms). */
  measuredAt: number
  /** How many servers agreed. */
  used: number
  uncertaintyMs: number
}

export interface ClockSettings {
  /** The user agreed to a check at start and every few hours (off: only when asked). */
  autoCheck: boolean
  /** The user agreed to ask the time check address too. */
  useTimeUrl: boolean
  /** The user's time check address (a policy may set its own instead). */
  timeUrl: string | null
  /** Correct codes by the measured offset. */
  correct: boolean
  last: ClockMeasurement | null
}

export interface DeviceSettings {
  /** Start Tessera when the user logs in (off by default). */
  startAtLogin: boolean
  /** Started at login: stay in the tray without opening the window. */
  startHidden: boolean
  /** Closing the window keeps Tessera in the tray (the window comes back from there). */
  closeToTray: boolean
  /** Global shortcut that opens Quick copy; null for none. */
  quickCopyShortcut: string | null
  clock: ClockSettings
  /** Ids of the accounts copied last, newest first (no names: ids only). */
  recent: string[]
}

/** How many recently copied accounts are remembered. */
export const MAX_RECENT = 32

export const DEFAULT_DEVICE_SETTINGS: Readonly<DeviceSettings> = Object.freeze({
  startAtLogin: false,
  startHidden: true,
  closeToTray: false,
  quickCopyShortcut: DEFAULT_QUICK_COPY_SHORTCUT,
  clock: Object.freeze({
    autoCheck: false,
    useTimeUrl: false,
    timeUrl: null,
    correct: false,
    last: null
  }),
  recent: Object.freeze([]) as unknown as string[]
})

/** The file's name inside the data folder. */
export const DEVICE_FILE = 'device.json'

/** A day: offsets beyond that are not a clock that drifted but a wrong date, not "corrected". */
export const MAX_CORRECTION_MS = 24 * 60 * 60 * 1000

function clone(s: Readonly<DeviceSettings>): DeviceSettings {
  return {
    ...s,
    clock: { ...s.clock, last: s.clock.last ? { ...s.clock.last } : null },
    recent: [...s.recent]
  }
}

const isBool = (v: unknown): v is boolean => typeof v === 'boolean'
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

function readMeasurement(v: unknown): ClockMeasurement | null {
  if (typeof v !== 'object' || v === null) return null
  const m = v as Record<string, unknown>
  if (
    !isFiniteNumber(m['offsetMs']) ||
    Math.abs(m['offsetMs']) > MAX_CORRECTION_MS ||
    !isFiniteNumber(m['measuredAt']) ||
    !isFiniteNumber(m['used']) ||
    !isFiniteNumber(m['uncertaintyMs'])
  ) {
    return null
  }
  return {
    offsetMs: Math.round(m['offsetMs']),
    measuredAt: m['measuredAt'],
    used: Math.max(1, Math.round(m['used'])),
    uncertaintyMs: Math.max(0, Math.round(m['uncertaintyMs']))
  }
}

/** Settings from whatever the file held: each field that is wrong falls back to its default. */
export function readDeviceSettings(raw: unknown): DeviceSettings {
  const d = clone(DEFAULT_DEVICE_SETTINGS)
  if (typeof raw !== 'object' || raw === null) return d
  const r = raw as Record<string, unknown>
  if (isBool(r['startAtLogin'])) d.startAtLogin = r['startAtLogin']
  if (isBool(r['startHidden'])) d.startHidden = r['startHidden']
  if (isBool(r['closeToTray'])) d.closeToTray = r['closeToTray']
  const shortcut = r['quickCopyShortcut']
  if (shortcut === null) d.quickCopyShortcut = null
  else if (typeof shortcut === 'string') {
    const parsed = parseAccelerator(shortcut)
    if (parsed.ok) d.quickCopyShortcut = parsed.value.text
  }
  const c = r['clock']
  if (typeof c === 'object' && c !== null) {
    const clock = c as Record<string, unknown>
    if (isBool(clock['autoCheck'])) d.clock.autoCheck = clock['autoCheck']
    if (isBool(clock['useTimeUrl'])) d.clock.useTimeUrl = clock['useTimeUrl']
    if (isBool(clock['correct'])) d.clock.correct = clock['correct']
    const url = clock['timeUrl']
    if (typeof url === 'string' && url.length <= 2048 && /^https?:\/\//i.test(url)) {
      d.clock.timeUrl = url
    }
    d.clock.last = readMeasurement(clock['last'])
  }
  const recent = r['recent']
  if (Array.isArray(recent)) {
    d.recent = [
      ...new Set(recent.filter((x): x is string => typeof x === 'string' && x.length <= 64))
    ].slice(0, MAX_RECENT)
  }
  return d
}

/** Reads `device.json` in `dataDir` (defaults when it is missing or unreadable). */
export function loadDeviceSettings(dataDir: string): DeviceSettings {
  let text: string
  try {
    // Not followed if it is a link, not waited on if it is a pipe (core/fs/regular-file): a FIFO
    // named device.json would otherwise hang the app at start.
    const read = readRegularFileSync(join(dataDir, DEVICE_FILE))
    if (read === null) return clone(DEFAULT_DEVICE_SETTINGS)
    text = read
  } catch {
    return clone(DEFAULT_DEVICE_SETTINGS)
  }
  try {
    return readDeviceSettings(JSON.parse(text) as unknown)
  } catch {
    return clone(DEFAULT_DEVICE_SETTINGS)
  }
}

/**
 * The offset to add to this computer's clock for codes, or 0: only when the user turned
 * correction on and a check has measured one.
 */
export function correctionMs(settings: Pick<DeviceSettings, 'clock'>): number {
  const { correct, last } = settings.clock
  return correct && last ? last.offsetMs : 0
}

/** A patch to the settings; `clock` fields are merged one by one. */
export type DeviceSettingsPatch = Partial<Omit<DeviceSettings, 'clock'>> & {
  clock?: Partial<ClockSettings>
}

/**
 * `device.json`, loaded once and rewritten whole (atomically, 0600) on each change. Writes are
 * queued, so two changes in quick succession both land, in order.
 */
export class DeviceSettingsStore {
  private current: DeviceSettings
  private writing: Promise<void> = Promise.resolve()
  private readonly listeners = new Set<(s: DeviceSettings) => void>()
  readonly path: string

  constructor(private readonly dataDir: string) {
    this.path = join(dataDir, DEVICE_FILE)
    this.current = loadDeviceSettings(dataDir)
  }

  get(): DeviceSettings {
    return clone(this.current)
  }

  /** Called with the new settings after each change. Returns the function that unsubscribes. */
  onChange(listener: (s: DeviceSettings) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Applies the patch, writes the file and answers the new settings.
   * @throws AppError IO when the file cannot be written (the settings in memory stay as before).
   */
  async update(patch: DeviceSettingsPatch): Promise<DeviceSettings> {
    // Each change applies to what the one before it left, so quick changes never undo each other.
    const run = this.writing.then(async () => {
      const next = readDeviceSettings({
        ...this.current,
        ...patch,
        clock: { ...this.current.clock, ...patch.clock }
      })
      await this.write(next)
      this.current = next
      return next
    })
    this.writing = run.then(
      () => undefined,
      () => undefined
    )
    await run
    const now = this.get()
    for (const l of this.listeners) l(this.get())
    return now
  }

  /** Puts an account first among the recently copied ones. */
  async recordCopy(id: string): Promise<void> {
    const recent = [id, ...this.current.recent.filter((r) => r !== id)].slice(0, MAX_RECENT)
    if (recent.join('\n') === this.current.recent.join('\n')) return
    await this.update({ recent })
  }

  /** Drops ids of accounts that no longer exist from the recent list. */
  async forgetMissing(existing: ReadonlySet<string>): Promise<void> {
    const recent = this.current.recent.filter((id) => existing.has(id))
    if (recent.length !== this.current.recent.length) await this.update({ recent })
  }

  private async write(next: DeviceSettings): Promise<void> {
    const tmp = `${this.path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
    try {
      await mkdir(this.dataDir, { recursive: true, mode: 0o700 })
      await writePrivateFile(tmp, `${JSON.stringify(next, null, 2)}\n`)
      await rename(tmp, this.path)
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => undefined)
      const code = (err as NodeJS.ErrnoException | undefined)?.code ?? 'unknown'
      throw new AppError(
        'IO',
        `Could not save this computer’s settings to ${this.path} (${code}). Check that the disk is not full and that you own the folder, then try again.`,
        { cause: err, details: { path: this.path } }
      )
    }
  }
}
