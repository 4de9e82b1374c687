/**
 * The scan domain's IPC handlers, over the core's scan pipeline: main captures the displays (or
 * reads the image, the clipboard, the pasted text), keeps what was found under an opaque token,
 * and sends the renderer only the secret-free view. Nothing is saved until the user ticks the
 * accounts and confirms; then they go to the vault in one write.
 */
import { randomUUID } from 'node:crypto'
import { AppError } from '../../shared/errors'
import type { Channel, Emit } from '../../shared/ipc'
import {
  MAX_SCAN_IMAGE_BYTES,
  SCAN_TTL_MS,
  type ScanSourceKind,
  type ScanStepView
} from '../../shared/ipc/scan'
import type { AccountStore } from '../core/accounts/store'
import type { ImageLimits } from '../core/image'
import type { MigrationDecoded } from '../core/migration'
import {
  createInProcessQrDecoder,
  pickCandidates,
  scanImageFiles,
  scanScreens,
  scanText,
  type QrDecoder,
  type ScanOutcome,
  type ScreenCapturer
} from '../core/qr'
import type { Handler } from '../handlers'

/** An image the user chose in the system's open dialog. */
export interface PickedImage {
  /** The file's name without its folder. */
  name: string
  bytes: Uint8Array
}

/** A decoder that can start its threads ahead of the scan (the worker decoder). */
type MaybeWarmDecoder = QrDecoder & { warm?(count: number): Promise<void> }

/** What the scan handlers need from the app shell; each one missing answers UNSUPPORTED. */
export interface ScanDeps {
  /** Every display at native resolution (Electron's desktopCapturer in the app). */
  capturer?: ScreenCapturer
  /**
   * The same capture with Tessera's own window out of the way (hidden, then shown again). Used
   * only when the first look found nothing: the window may cover the code, and content
   * protection shows it as a black box where it is supported.
   */
  capturerWithoutWindow?: ScreenCapturer
  /** How many displays there are, to start one decoder thread per display. Default 1. */
  displayCount?: () => number
  /**
   * A fresh decoder for one scan (closed after it). Default: in-process. `purpose` lets the app
   * hand display captures to the worker without a copy (their buffers are the scan's own) while
   * decoded files are copied.
   */
  decoder?: (purpose: 'screens' | 'files') => MaybeWarmDecoder
  /** The clipboard's image as PNG bytes, or null when it holds no image. */
  clipboardImage?: () => Promise<Uint8Array | null>
  /** The system's open dialog for images; null when cancelled. */
  openImage?: () => Promise<PickedImage | null>
  /** Shared so the app can wipe held scans on lock. Default: a fresh set. */
  sessions?: ScanSessions
  /** Largest image accepted (pixels, side). Default: the core's. */
  imageLimits?: ImageLimits
}

interface HeldScan {
  token: string
  source: ScanSourceKind
  outcome: ScanOutcome
  expiresAt: number
}

/** Export codes remembered across scans, without their accounts (no secrets kept). */
const MAX_REMEMBERED_PARTS = 256

/**
 * The scan main holds for review (one at a time: a new scan replaces it) plus which parts of
 * multi-code Google Authenticator exports were seen, so "code 2 of 3" carries over between scans.
 */
export class ScanSessions {
  private held: HeldScan | null = null
  private parts: MigrationDecoded[] = []

  constructor(private readonly ttlMs = SCAN_TTL_MS) {}

  /** Export parts seen so far (batch positions only). */
  previousMigrations(): readonly MigrationDecoded[] {
    return this.parts
  }

  hold(source: ScanSourceKind, outcome: ScanOutcome, now: number): HeldScan {
    for (const m of outcome.migrations) {
      // Only the position in the export is needed later; the accounts (secrets) are not kept.
      this.parts.push({ accounts: [], skipped: [], version: m.version, batch: { ...m.batch } })
    }
    if (this.parts.length > MAX_REMEMBERED_PARTS)
      this.parts.splice(0, this.parts.length - MAX_REMEMBERED_PARTS)
    this.held = { token: randomUUID(), source, outcome, expiresAt: now + this.ttlMs }
    return this.held
  }

  /**
   * The held scan for `token`.
   *
   * @throws AppError NOT_FOUND when it was saved, discarded, replaced by a newer scan or expired.
   */
  take(token: string, now: number): ScanOutcome {
    const held = this.held
    if (!held || held.token !== token) {
      throw new AppError(
        'NOT_FOUND',
        'That scan result is out of date. Scan again and pick the accounts.'
      )
    }
    if (now >= held.expiresAt) {
      this.held = null
      throw new AppError(
        'NOT_FOUND',
        'That scan result expired after 10 minutes, so Tessera forgot it. Scan again and pick the accounts.'
      )
    }
    return held.outcome
  }

  discard(token: string): void {
    if (this.held?.token === token) this.held = null
  }

  resetBatches(): void {
    this.parts = []
  }

  /** Forgets the held scan and the export progress (on lock). */
  discardAll(): void {
    this.held = null
    this.parts = []
  }

  /** Whether a scan is held (tests). */
  get holding(): boolean {
    return this.held !== null
  }
}

export interface ScanHandlerDeps {
  store: AccountStore
  emit?: Emit
  clock?: () => number
  scan?: ScanDeps
}

type ScanChannel = Extract<Channel, `scan:${string}`>
export type ScanHandlers = { readonly [K in ScanChannel]: Handler<K> }

function unsupported(what: string): AppError {
  return new AppError(
    'UNSUPPORTED',
    `${what} is not available here. Drop a screenshot of the QR code onto the window instead.`
  )
}

function tooBig(bytes: number): AppError {
  return new AppError(
    'IMAGE_TOO_LARGE',
    `The image is ${Math.ceil(bytes / 1048576)} MiB; Tessera reads images up to ${MAX_SCAN_IMAGE_BYTES / 1048576} MiB. Use a screenshot (PNG or JPEG) of the page with the QR code.`
  )
}

/** Only the last path segment, trimmed, for messages. */
function baseName(name: string | undefined, fallback: string): string {
  const last = name?.split(/[\\/]/).pop()?.trim() ?? ''
  return last === '' ? fallback : last.slice(0, 255)
}

export function createScanHandlers(deps: ScanHandlerDeps): ScanHandlers {
  const ports = deps.scan ?? {}
  const sessions = ports.sessions ?? new ScanSessions()
  const now = deps.clock ?? (() => Date.now())
  const emit: Emit = deps.emit ?? (() => undefined)
  const newDecoder = ports.decoder ?? (() => createInProcessQrDecoder())
  // Started when the scan screen opens, used by the next screen scan (idle threads end by
  // themselves after a while).
  let warmed: MaybeWarmDecoder | null = null
  const screensDecoder = (): MaybeWarmDecoder => {
    const d = warmed ?? newDecoder('screens')
    warmed = null
    return d
  }

  const context = (): {
    existing: ReturnType<AccountStore['list']>
    previousMigrations: readonly MigrationDecoded[]
  } => ({
    existing: deps.store.list(),
    previousMigrations: sessions.previousMigrations()
  })

  const step = (source: ScanSourceKind, outcome: ScanOutcome): ScanStepView => {
    const held = sessions.hold(source, outcome, now())
    const touched = new Set(outcome.migrations.map((m) => m.batch.id))
    const result = {
      ...outcome.view,
      // Exports finished in an earlier scan are not news; unfinished ones stay as a reminder.
      batches: outcome.view.batches.filter((b) => touched.has(b.id) || !b.complete)
    }
    return { token: held.token, source, expiresAt: held.expiresAt, result }
  }

  /** Scans one encoded image; an unreadable one or one without a QR code is a typed error. */
  const scanOne = async (
    source: ScanSourceKind,
    name: string,
    bytes: Uint8Array
  ): Promise<ScanStepView> => {
    if (bytes.length === 0) {
      throw new AppError('IMAGE_INVALID', `${name} is empty. Use the screenshot itself.`)
    }
    if (bytes.length > MAX_SCAN_IMAGE_BYTES) throw tooBig(bytes.length)
    const decoder = newDecoder('files')
    try {
      const out = await scanImageFiles([{ name, bytes }], {
        ...context(),
        decoder,
        ...(ports.imageLimits ? { limits: ports.imageLimits } : {})
      })
      const failed = out.files.find((f) => f.error)?.error
      if (failed) throw new AppError(failed.code, failed.message)
      return step(source, out)
    } finally {
      bytes.fill(0)
      await decoder.close()
    }
  }

  return {
    'scan:warm': async () => {
      if (!warmed) warmed = newDecoder('screens')
      const count = Math.max(1, Math.min(8, ports.displayCount?.() ?? 1))
      await warmed.warm?.(count)
      return null
    },
    'scan:screens': async () => {
      if (!ports.capturer) throw unsupported('Scanning the screen')
      const first = await scanScreens(ports.capturer, screensDecoder(), context())
      if (first.view.codes.length > 0 || !ports.capturerWithoutWindow) return step('screens', first)
      return step(
        'screens',
        await scanScreens(ports.capturerWithoutWindow, newDecoder('screens'), context())
      )
    },
    'scan:image': async ({ data, fileName }) => {
      // Each 4 characters carry 3 bytes; check before decoding so a huge string costs nothing.
      const size = Math.floor((data.length * 3) / 4)
      if (size > MAX_SCAN_IMAGE_BYTES + 2) throw tooBig(size)
      return scanOne('image', baseName(fileName, 'The image'), Buffer.from(data, 'base64'))
    },
    'scan:pickFile': async () => {
      if (!ports.openImage) throw unsupported('The file dialog')
      const picked = await ports.openImage()
      if (!picked) return null
      return scanOne('image', baseName(picked.name, 'The image'), picked.bytes)
    },
    'scan:clipboard': async () => {
      if (!ports.clipboardImage) throw unsupported('Reading the clipboard')
      const png = await ports.clipboardImage()
      if (!png || png.length === 0) {
        throw new AppError(
          'QR_NOT_FOUND',
          'The clipboard holds no image. Copy a screenshot of the QR code first, or drop the image onto the window.'
        )
      }
      return scanOne('clipboard', 'The clipboard image', png)
    },
    'scan:text': async ({ text }) => step('text', scanText(text, context())),
    'scan:save': async ({ token, keys }) => {
      const accounts = pickCandidates(sessions.take(token, now()), keys)
      // One vault write for every ticked account.
      const added = await deps.store.addMany(accounts)
      sessions.discard(token)
      const ids = added.map((a) => a.id)
      if (ids.length > 0) emit('accounts:changed', { reason: 'added', ids })
      return { added: ids.length, ids }
    },
    'scan:discard': async ({ token }) => {
      sessions.discard(token)
      return null
    },
    'scan:resetBatches': async () => {
      sessions.resetBatches()
      return null
    }
  }
}
