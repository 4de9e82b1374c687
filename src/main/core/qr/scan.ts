/**
 * The scan pipeline: sources (display captures, image files, clipboard images, pasted text) ->
 * QR codes -> classification -> accounts with duplicate/conflict flags and multi-code export
 * progress. Nothing here saves anything: the caller shows the result, the user picks accounts,
 * and only then are they written (one vault write).
 */
import { readUserFile } from '../fs/read-capped'
import { basename } from 'node:path'
import { AppError, type ErrorShape, toErrorShape } from '../../../shared/errors'
import { imageTooLargeMessage, MAX_SCAN_IMAGE_BYTES } from '../../../shared/limits'
import type { Account, NewAccount } from '../../../shared/model'
import type {
  ScanCandidateView,
  ScannedCodeView,
  ScanResultView,
  ScanSourceView
} from '../../../shared/scan'
import { matchBatch } from '../accounts/duplicates'
import { decodeImage, type ImageLimits } from '../image'
import type { ImageDecode } from '../image/off-thread'
import { type MigrationDecoded, migrationBatchProgress } from '../migration'
import { classifyQrText, extractOtpUris } from './classify'
import type { DecodedQr } from './decode'
import { createInProcessQrDecoder, type QrDecoder } from './decoder'
import type { PixelImage } from './grey'

/** One image to scan: a display capture (BGRA) or a decoded file (RGBA). */
export interface ScanSource {
  name: string
  image: PixelImage
}

/** An account found by a scan, with its secret (main process only). */
export interface ScanCandidate {
  key: string
  account: NewAccount
  source: string
  duplicateOf?: string
  conflictWith?: string
  sameAs?: string
}

/** Everything a scan found: the secret-free view for the renderer plus the accounts to save. */
export interface ScanOutcome {
  view: ScanResultView
  candidates: ScanCandidate[]
  /** Export codes decoded in this scan (keep them to track multi-code exports across scans). */
  migrations: MigrationDecoded[]
}

export interface ScanContext {
  /** Accounts already saved, for duplicate and conflict flags. */
  existing?: readonly Account[]
  /** Export codes scanned earlier in this session (so "2 of 3" carries over between scans). */
  previousMigrations?: readonly MigrationDecoded[]
}

/** Codes found in one source, or why it could not be read. */
export interface SourceFindings {
  name: string
  width?: number
  height?: number
  /** Raw texts found, each with its centre (if known). */
  texts: { text: string; center?: { x: number; y: number } }[]
  error?: ErrorShape
}

/**
 * Flags each candidate that duplicates a saved account (same secret and type), conflicts with one
 * (same issuer and label, different secret) or repeats an earlier candidate of the same scan.
 * Linear: lookups go through maps (the first saved account or earlier candidate wins), since a
 * paste or an export can hold thousands of accounts and the vault tens of thousands. Secrets are
 * compared as bytes (spaces, case and padding do not matter) and unnamed accounts never
 * conflict: the rule is `accounts/duplicates`, the same one import review and manual add use.
 */
export function flagDuplicates(
  candidates: ScanCandidate[],
  existing: readonly Account[] = []
): ScanCandidate[] {
  const matches = matchBatch(
    candidates.map((c) => c.account),
    existing
  )
  return candidates.map((c, i) => {
    const out: ScanCandidate = { ...c }
    const m = matches[i] ?? {}
    if (m.sameSecret !== undefined) out.duplicateOf = m.sameSecret
    else if (m.sameName !== undefined) out.conflictWith = m.sameName
    const first = m.earlierSameSecret === undefined ? undefined : candidates[m.earlierSameSecret]
    if (first !== undefined) out.sameAs = first.key
    return out
  })
}

function centerOf(q: DecodedQr): { x: number; y: number } | undefined {
  if (q.corners.length === 0) return undefined
  const x = q.corners.reduce((s, p) => s + p.x, 0) / q.corners.length
  const y = q.corners.reduce((s, p) => s + p.y, 0) / q.corners.length
  return { x: Math.round(x), y: Math.round(y) }
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

/** Turns what each source held into the classified result. Pure; exported for tests. */
export function buildScanOutcome(findings: SourceFindings[], ctx: ScanContext = {}): ScanOutcome {
  const codes: ScannedCodeView[] = []
  let candidates: ScanCandidate[] = []
  const migrations: MigrationDecoded[] = []
  const sources: ScanSourceView[] = []
  const seenTexts = new Set<string>()
  for (const f of findings) {
    const src: ScanSourceView = { name: f.name, codes: f.texts.length }
    if (f.width !== undefined) src.width = f.width
    if (f.height !== undefined) src.height = f.height
    if (f.error) src.error = f.error
    sources.push(src)
    for (const t of f.texts) {
      // The same code visible twice (mirrored displays, two files) is listed once.
      if (seenTexts.has(t.text)) continue
      seenTexts.add(t.text)
      const c = classifyQrText(t.text)
      const keys: string[] = []
      for (const account of c.accounts) {
        const key = `acc-${candidates.length + 1}`
        keys.push(key)
        candidates.push({ key, account, source: f.name })
      }
      const view: ScannedCodeView = {
        source: f.name,
        kind: c.kind,
        explanation: c.explanation,
        accountKeys: keys
      }
      if (t.center) view.center = t.center
      if (c.error) view.error = c.error
      if (c.migration) {
        migrations.push(c.migration)
        view.batch = { ...c.migration.batch }
        if (c.migration.skipped.length) view.skipped = c.migration.skipped.map((s) => ({ ...s }))
      }
      codes.push(view)
    }
  }
  candidates = flagDuplicates(candidates, ctx.existing)
  const batches = migrationBatchProgress([...(ctx.previousMigrations ?? []), ...migrations]).filter(
    (b) => b.size > 1
  )
  const fresh = candidates.filter((c) => !c.duplicateOf && !c.sameAs).length
  const others = codes.filter((c) => c.accountKeys.length === 0).length
  const failed = sources.filter((s) => s.error).length
  let summary: string
  if (codes.length === 0) {
    summary =
      failed === sources.length && failed > 0
        ? 'Nothing could be scanned.'
        : 'No QR code was found. Make sure the whole code is visible and try again.'
  } else {
    const parts = [`${plural(fresh, 'new account', 'new accounts')} to add`]
    const dups = candidates.length - fresh
    if (dups) parts.push(plural(dups, 'already saved or repeated', 'already saved or repeated'))
    if (others) parts.push(plural(others, 'other code', 'other codes'))
    summary = `Found ${plural(codes.length, 'QR code', 'QR codes')}: ${parts.join(', ')}.`
  }
  for (const b of batches) if (!b.complete) summary += ` ${b.message}`
  const candidateViews: ScanCandidateView[] = candidates.map((c) => {
    const v: ScanCandidateView = {
      key: c.key,
      issuer: c.account.issuer,
      label: c.account.label,
      type: c.account.otp.type,
      algorithm: c.account.otp.algorithm,
      digits: c.account.otp.digits,
      period: c.account.otp.period,
      counter: c.account.otp.counter,
      source: c.source
    }
    if (c.duplicateOf) v.duplicateOf = c.duplicateOf
    if (c.conflictWith) v.conflictWith = c.conflictWith
    if (c.sameAs) v.sameAs = c.sameAs
    return v
  })
  return {
    view: { codes, candidates: candidateViews, batches, sources, summary },
    candidates,
    migrations
  }
}

/**
 * Scans images (e.g. one capture per display) in parallel with `decoder` and classifies what
 * they hold. A source that fails to decode is reported in `view.sources`, not thrown.
 */
export async function scanImages(
  images: ScanSource[],
  decoder: QrDecoder,
  ctx: ScanContext = {}
): Promise<ScanOutcome> {
  const findings = await Promise.all(
    images.map(async (s): Promise<SourceFindings> => {
      const base = { name: s.name, width: s.image.width, height: s.image.height }
      try {
        const found = await decoder.decode(s.image)
        return {
          ...base,
          texts: found.map((q) => {
            const center = centerOf(q)
            return center ? { text: q.text, center } : { text: q.text }
          })
        }
      } catch (err) {
        return { ...base, texts: [], error: toErrorShape(err) }
      }
    })
  )
  return buildScanOutcome(findings, ctx)
}

/**
 * Scans pasted text for otpauth:// and otpauth-migration:// URIs.
 *
 * @throws AppError QR_NOT_FOUND when the text holds no such URI.
 */
export function scanText(text: string, ctx: ScanContext = {}, name = 'Pasted text'): ScanOutcome {
  const uris = extractOtpUris(text)
  if (uris.length === 0) {
    throw new AppError(
      'QR_NOT_FOUND',
      'The pasted text has no otpauth:// or otpauth-migration:// link. Copy the whole setup link and paste it again.'
    )
  }
  return buildScanOutcome([{ name, texts: uris.map((text) => ({ text })) }], ctx)
}

export interface ScanFilesOptions extends ScanContext {
  /** Defaults to an in-process decoder, closed afterwards. */
  decoder?: QrDecoder
  limits?: ImageLimits
  /**
   * Turns each file into pixels. Default: on this thread. The app passes the off-thread decoder
   * (core/image/off-thread) so a slow or hostile image never blocks main and is stopped in time.
   */
  decodeImage?: ImageDecode
}

/** Per-file result of {@link scanFiles} / {@link scanImageFiles}. */
export interface FileScan {
  path: string
  /** Number of QR codes found in the file. */
  codes: number
  error?: ErrorShape
}

/** An encoded image (a dropped file, the clipboard's PNG) to scan. */
export interface ImageBytes {
  /** Shown to the user: a file name, "Clipboard". */
  name: string
  /** Reported back in `files[].path` (defaults to `name`). */
  path?: string
  /** The file's bytes, or a function reading them (so read errors are reported per file). */
  bytes: Uint8Array | (() => Promise<Uint8Array>)
}

/**
 * Decodes encoded images (PNG, JPEG, WebP, GIF first frame), finds their QR codes and classifies
 * them. Unreadable images and images without a QR code are reported per item (IMAGE_INVALID,
 * IMAGE_TOO_LARGE, QR_NOT_FOUND, or what reading them threw), never thrown, so one bad file does not stop the others.
 */
export async function scanImageFiles(
  items: ImageBytes[],
  opts: ScanFilesOptions = {}
): Promise<ScanOutcome & { files: FileScan[] }> {
  const decoder = opts.decoder ?? createInProcessQrDecoder()
  try {
    const findings: SourceFindings[] = []
    const files: FileScan[] = []
    for (const item of items) {
      const { name } = item
      const path = item.path ?? name
      try {
        const bytes = typeof item.bytes === 'function' ? await item.bytes() : item.bytes
        const image = await (opts.decodeImage ?? decodeImage)(bytes, opts.limits)
        const found = await decoder.decode(image)
        if (found.length === 0) {
          throw new AppError(
            'QR_NOT_FOUND',
            `No QR code was found in ${name}. Use a sharper screenshot that shows the whole code.`,
            { details: { path } }
          )
        }
        findings.push({
          name,
          width: image.width,
          height: image.height,
          texts: found.map((q) => {
            const center = centerOf(q)
            return center ? { text: q.text, center } : { text: q.text }
          })
        })
        files.push({ path, codes: found.length })
      } catch (err) {
        const error = toErrorShape(err)
        findings.push({ name, texts: [], error })
        files.push({ path, codes: 0, error })
      }
    }
    return { ...buildScanOutcome(findings, opts), files }
  } finally {
    if (!opts.decoder) await decoder.close()
  }
}

/**
 * IMAGE_TOO_LARGE for an image over `cap` bytes, in the same words wherever it came from (a file,
 * a drop, the clipboard); `what` names it ("photo.png", "The clipboard image").
 */
export function imageTooLarge(
  what: string,
  size: number,
  cap: number,
  advice?: string,
  details?: { path: string }
): AppError {
  return new AppError(
    'IMAGE_TOO_LARGE',
    imageTooLargeMessage(what, size, advice, cap),
    details ? { details } : undefined
  )
}

/** {@link scanImageFiles} for files on disk (CLI, file picker, drag-and-drop paths). */
export function scanFiles(
  paths: string[],
  opts: ScanFilesOptions = {}
): Promise<ScanOutcome & { files: FileScan[] }> {
  return scanImageFiles(
    paths.map((path) => ({
      name: basename(path),
      path,
      bytes: () =>
        readUserFile(path, {
          cap: MAX_SCAN_IMAGE_BYTES,
          choose: 'an image file (PNG, JPEG, WebP or GIF)',
          label: basename(path),
          tooLarge: (size) =>
            imageTooLarge(basename(path), size, MAX_SCAN_IMAGE_BYTES, undefined, { path })
        })
    })),
    opts
  )
}

/** Captures every display at its native resolution (implemented in the app with desktopCapturer). */
export interface ScreenCapturer {
  /** One BGRA image per display; rejects with AppError CAPTURE_FAILED. */
  capture(): Promise<ScanSource[]>
}

/**
 * Captures every display and decodes them in parallel (one worker per display with
 * `createWorkerQrDecoder`), then closes the decoder so its memory is returned.
 */
export async function scanScreens(
  capturer: ScreenCapturer,
  decoder: QrDecoder,
  ctx: ScanContext = {}
): Promise<ScanOutcome> {
  try {
    let sources: ScanSource[]
    try {
      sources = await capturer.capture()
    } catch (err) {
      if (err instanceof AppError) throw err
      throw new AppError(
        'CAPTURE_FAILED',
        'The screen could not be captured. Allow Tessera to record the screen in your system settings, or drop a screenshot onto the window.',
        { cause: err }
      )
    }
    return await scanImages(sources, decoder, ctx)
  } finally {
    await decoder.close()
  }
}

/**
 * The accounts the user ticked on the review screen, by candidate key, in scan order, ready for
 * one `AccountStore.addMany` call.
 *
 * @throws AppError NOT_FOUND when a key is not in this scan (the scan was replaced meanwhile).
 */
export function pickCandidates(outcome: ScanOutcome, keys: readonly string[]): NewAccount[] {
  const wanted = new Set(keys)
  const known = new Set(outcome.candidates.map((c) => c.key))
  for (const k of wanted) {
    if (!known.has(k)) {
      throw new AppError(
        'NOT_FOUND',
        'That scan result is out of date. Scan again and pick the accounts.'
      )
    }
  }
  return outcome.candidates.filter((c) => wanted.has(c.key)).map((c) => c.account)
}
