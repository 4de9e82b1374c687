/**
 * The scan domain's IPC handlers, over the core's scan pipeline: main captures the displays (or
 * reads the image, the clipboard, the pasted text), keeps what was found under an opaque token,
 * and sends the renderer only the secret-free view. Nothing is saved until the user ticks the
 * accounts and confirms; then they go to the vault in one write.
 */
import { AppError } from '../../shared/errors'
import type { Channel, Emit } from '../../shared/ipc'
import { MAX_SCAN_IMAGE_BYTES, type ScanSourceKind, type ScanStepView } from '../../shared/ipc/scan'
import type { AccountStore } from '../core/accounts/store'
import type { ImageLimits } from '../core/image'
import type { ImageDecode } from '../core/image/off-thread'
import type { MigrationDecoded } from '../core/migration'
import { imageTooLarge } from '../core/qr/scan'
import {
  buildScanOutcome,
  pickCandidates,
  scanImageFiles,
  scanScreens,
  scanText,
  type QrDecoder,
  type ScanOutcome,
  type ScanSessions
} from '../core/qr'
import {
  assertManualEntryAllowed,
  assertScreenScanAllowed,
  type PolicyGetter
} from '../core/policy'
import type { Handler } from '../handlers'
import type { ScanPorts } from '../ports'

/** A decoder that can start its threads ahead of the scan (the worker decoder). */
export type MaybeWarmDecoder = QrDecoder & { warm?(count: number): Promise<void> }

/** What the scan handlers are built from: the shell's ports plus the composition's services. */
export interface ScanDeps extends ScanPorts {
  /**
   * A fresh decoder for one scan (closed after it). `purpose` lets the app hand display
   * captures to the worker without a copy (their buffers are the scan's own) while decoded
   * files are copied.
   */
  decoder: (purpose: 'screens' | 'files') => MaybeWarmDecoder
  /** The scan held for review (shared with the composition, which wipes it on lock). */
  sessions: ScanSessions
  /** Largest image accepted (pixels, side). Default: the core's. */
  imageLimits?: ImageLimits
  /**
   * Turns an encoded image into pixels. Default: on main's thread; the app passes the
   * off-thread decoder with its time limit (core/image/off-thread).
   */
  imageDecoder?: ImageDecode
}

export interface ScanHandlerDeps {
  store: AccountStore
  emit: Emit
  clock: () => number
  scan: ScanDeps
  /** AllowScreenQrScan (screen scans) and AllowManualEntry (pasted links). */
  policy: PolicyGetter
}

type ScanChannel = Extract<Channel, `scan:${string}`>
export type ScanHandlers = { readonly [K in ScanChannel]: Handler<K> }

function tooBig(name: string, bytes: number): AppError {
  return imageTooLarge(name, bytes, MAX_SCAN_IMAGE_BYTES)
}

/** Only the last path segment, trimmed, for messages. */
function baseName(name: string | undefined, fallback: string): string {
  const last = name?.split(/[\\/]/).pop()?.trim() ?? ''
  return last === '' ? fallback : last.slice(0, 255)
}

/** The scan context (saved accounts, earlier export parts) and how a result is held for review. */
function reviewSteps(deps: ScanHandlerDeps): {
  context: () => {
    existing: ReturnType<AccountStore['list']>
    previousMigrations: readonly MigrationDecoded[]
  }
  step: (source: ScanSourceKind, outcome: ScanOutcome) => ScanStepView
} {
  const { sessions } = deps.scan
  const context = () => ({
    existing: deps.store.list(),
    previousMigrations: sessions.previousMigrations()
  })
  const step = (source: ScanSourceKind, outcome: ScanOutcome): ScanStepView => {
    const held = sessions.hold(source, outcome, deps.clock())
    const touched = new Set(outcome.migrations.map((m) => m.batch.id))
    const result = {
      ...outcome.view,
      // Exports finished in an earlier scan are not news; unfinished ones stay as a reminder.
      batches: outcome.view.batches.filter((b) => touched.has(b.id) || !b.complete)
    }
    return { token: held.token, source, expiresAt: held.expiresAt, result }
  }
  return { context, step }
}

/**
 * Links the OS handed over (otpauth://, otpauth-migration://), held for the scan review: each
 * link is read exactly as a QR code holding that text would be (the same classifier, the same
 * caps, duplicates flagged), and nothing is saved until the user ticks accounts and saves.
 */
export function createLinkReview(
  deps: ScanHandlerDeps
): (texts: readonly string[]) => ScanStepView {
  const { context, step } = reviewSteps(deps)
  return (texts) => {
    const name = texts.length === 1 ? 'The link' : 'The links'
    const outcome = buildScanOutcome([{ name, texts: texts.map((text) => ({ text })) }], context())
    // The summary speaks of QR codes; these were links.
    outcome.view.summary = outcome.view.summary.replace(/\bQR codes?\b/, (m) =>
      m === 'QR code' ? 'link' : 'links'
    )
    return step('link', outcome)
  }
}

export function createScanHandlers(deps: ScanHandlerDeps): ScanHandlers {
  const ports = deps.scan
  const { sessions } = ports
  const { emit, clock: now } = deps
  const newDecoder = ports.decoder
  // Started when the scan screen opens, used by the next screen scan (idle threads end by
  // themselves after a while).
  let warmed: MaybeWarmDecoder | null = null
  const screensDecoder = (): MaybeWarmDecoder => {
    const d = warmed ?? newDecoder('screens')
    warmed = null
    return d
  }

  const { context, step } = reviewSteps(deps)

  /** Scans one encoded image; an unreadable one or one without a QR code is a typed error. */
  const scanOne = async (
    source: ScanSourceKind,
    name: string,
    bytes: Uint8Array
  ): Promise<ScanStepView> => {
    if (bytes.length === 0) {
      throw new AppError('IMAGE_INVALID', `${name} is empty. Use the screenshot itself.`)
    }
    if (bytes.length > MAX_SCAN_IMAGE_BYTES) throw tooBig(name, bytes.length)
    const decoder = newDecoder('files')
    try {
      const out = await scanImageFiles([{ name, bytes }], {
        ...context(),
        decoder,
        ...(ports.imageLimits ? { limits: ports.imageLimits } : {}),
        ...(ports.imageDecoder ? { decodeImage: ports.imageDecoder } : {})
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
      const count = Math.max(1, Math.min(8, ports.displayCount()))
      await warmed.warm?.(count)
      return null
    },
    'scan:screens': async () => {
      assertScreenScanAllowed(deps.policy())
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
      if (size > MAX_SCAN_IMAGE_BYTES + 2) throw tooBig(baseName(fileName, 'The image'), size)
      return scanOne('image', baseName(fileName, 'The image'), Buffer.from(data, 'base64'))
    },
    'scan:images': async ({ files }) => {
      const decoder = newDecoder('files')
      const buffers: Uint8Array[] = []
      try {
        const items = files.map((f) => {
          const name = baseName(f.fileName, 'The image')
          return {
            name,
            bytes: async (): Promise<Uint8Array> => {
              if (f.data === undefined) throw tooBig(name, f.size ?? MAX_SCAN_IMAGE_BYTES + 1)
              const bytes = Buffer.from(f.data, 'base64')
              buffers.push(bytes)
              if (bytes.length === 0) {
                throw new AppError('IMAGE_INVALID', `${name} is empty. Use the screenshot itself.`)
              }
              if (bytes.length > MAX_SCAN_IMAGE_BYTES) throw tooBig(name, bytes.length)
              return bytes
            }
          }
        })
        // Each file's problem is a line of the review, not a failure of the whole scan.
        const out = await scanImageFiles(items, {
          ...context(),
          decoder,
          ...(ports.imageLimits ? { limits: ports.imageLimits } : {}),
          ...(ports.imageDecoder ? { decodeImage: ports.imageDecoder } : {})
        })
        return step('image', out)
      } finally {
        for (const b of buffers) b.fill(0)
        await decoder.close()
      }
    },
    'scan:pickFile': async () => {
      const picked = await ports.openImage()
      if (!picked) return null
      return scanOne('image', baseName(picked.name, 'The image'), picked.bytes)
    },
    'scan:clipboard': async () => {
      const png = await ports.clipboardImage()
      if (!png || png.length === 0) {
        throw new AppError(
          'QR_NOT_FOUND',
          'The clipboard holds no image. Copy a screenshot of the QR code first, or drop the image onto the window.'
        )
      }
      return scanOne('clipboard', 'The clipboard image', png)
    },
    'scan:text': async ({ text }) => {
      assertManualEntryAllowed(deps.policy())
      return step('text', scanText(text, context()))
    },
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
