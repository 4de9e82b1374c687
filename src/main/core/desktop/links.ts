/**
 * otpauth:// and otpauth-migration:// links handed to Tessera by the OS (a click in a browser):
 * finding them in a launch's arguments on Windows and Linux (`second-instance` argv, or the first
 * launch's own), taking them from macOS's `open-url`, and routing each into the scan review, the
 * same review a scanned QR code gets. A link is untrusted input: it goes through the same parser
 * with the same caps as a QR code's text, it is never saved without the user ticking it and
 * pressing Add, and a malformed or hostile one gets a plain message and changes nothing.
 */
import { AppError } from '../../../shared/errors'
import { MAX_QR_TEXT } from '../qr/classify'

/** The URL schemes Tessera registers as the OS handler for. */
export const LINK_SCHEMES = ['otpauth', 'otpauth-migration'] as const

/** Most links one launch (or one batch of `open-url`) may hand over; the rest are refused. */
export const MAX_LINKS_PER_LAUNCH = 16

/** How long a link that arrived while the vault was locked waits for the unlock. */
export const LINK_WAIT_MS = 10 * 60 * 1000

/** The flag a login item starts Tessera with: no window, only the tray icon. */
export const HIDDEN_FLAG = '--hidden'

const LINK_PREFIX = /^otpauth(?:-migration)?:/i

/** True when the text is one of the link schemes Tessera handles (case-insensitive). */
export function isOtpLink(text: string): boolean {
  return LINK_PREFIX.test(text.trim())
}

/** What a launch's arguments ask for. */
export interface LaunchRequest {
  /** otpauth links, in order, as given. */
  links: string[]
  /** Started by the login item with "start hidden in the tray". */
  hidden: boolean
  /** Arguments that looked like links but were cut off at {@link MAX_LINKS_PER_LAUNCH}. */
  dropped: number
}

/**
 * Reads a launch's argument vector, as `process.argv` (first launch) or the `argv` of Electron's
 * `second-instance` event (a later launch on Windows and Linux, where the OS runs
 * `tessera <url>`). Only arguments that are otpauth links count: the executable, the app path in
 * development, Chromium's own switches (`--allow-file-access-from-files`,
 * `--original-process-start-time=…`) and anything else are ignored. Windows may hand the link
 * over still in quotes; they are taken off.
 */
export function parseLaunchArgs(argv: readonly unknown[]): LaunchRequest {
  const links: string[] = []
  let hidden = false
  let dropped = 0
  for (const raw of argv) {
    if (typeof raw !== 'string') continue
    let arg = raw.trim()
    if (arg.length >= 2 && arg.startsWith('"') && arg.endsWith('"')) arg = arg.slice(1, -1).trim()
    if (arg === HIDDEN_FLAG) {
      hidden = true
      continue
    }
    if (!isOtpLink(arg)) continue
    if (links.length >= MAX_LINKS_PER_LAUNCH) {
      dropped++
      continue
    }
    links.push(arg)
  }
  return { links, hidden, dropped }
}

/** A link Tessera will not look at, and why (the words the window shows). */
export interface RefusedLink {
  /** The scheme and the first characters, never the secret part (for the message only). */
  preview: string
  message: string
}

/** The result of checking one link before it reaches the parser. */
export type CheckedLink = { ok: true; text: string } | { ok: false; refused: RefusedLink }

/** Scheme plus a few characters of the account name: enough to recognise, no secret. */
function previewOf(text: string): string {
  const q = text.indexOf('?')
  const head = (q < 0 ? text : text.slice(0, q)).slice(0, 60)
  let shown = head
  try {
    shown = decodeURIComponent(head)
  } catch {
    // keep it as sent
  }
  // Control characters and bidi overrides would let a link disguise itself in the message.
  // eslint-disable-next-line no-control-regex
  shown = shown.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
  return shown.length < head.length || q >= 0 ? `${shown}…` : shown
}

/**
 * The checks a link gets before the parser sees it, the same caps as a QR code's text: at most
 * {@link MAX_QR_TEXT} characters (a QR code holds less), one of the two schemes, no whitespace or
 * control characters inside (a link a browser hands over has them percent-encoded).
 */
export function checkLink(raw: string): CheckedLink {
  const text = raw.trim()
  if (!isOtpLink(text)) {
    return {
      ok: false,
      refused: {
        preview: previewOf(text),
        message: 'Tessera opens only otpauth:// and otpauth-migration:// setup links.'
      }
    }
  }
  if (text.length > MAX_QR_TEXT) {
    return {
      ok: false,
      refused: {
        preview: previewOf(text),
        message: `The link is ${text.length} characters long; a real setup link is far shorter (at most ${MAX_QR_TEXT}). Nothing was added.`
      }
    }
  }
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(text)) {
    return {
      ok: false,
      refused: {
        preview: previewOf(text),
        message:
          'The link has spaces or control characters in it, so it was not sent by a setup page as it is. Nothing was added; scan the QR code instead.'
      }
    }
  }
  return { ok: true, text }
}

/** What the window is told about links that arrived (pull it with `links:take`). */
export type LinkDelivery<Step> =
  | { kind: 'review'; step: Step; count: number }
  | { kind: 'refused'; refused: RefusedLink[] }
  | { kind: 'failed'; message: string }

export interface LinkRouterDeps<Step> {
  /**
   * Runs the links' text through the scan pipeline and holds the result for review (the scan
   * review session), without saving anything.
   */
  review(texts: readonly string[]): Promise<Step>
  /** Whether the vault is open (links wait for the unlock otherwise). */
  isUnlocked(): boolean
  /** Tells the window something is waiting (it then calls `take`), and brings it forward. */
  notify(waiting: 'review' | 'unlock'): void
  now(): number
  waitMs?: number
}

/**
 * Takes links from every way they arrive (first launch, second instance, open-url) and turns them
 * into deliveries the window takes. While the vault is locked the links wait in memory (up to
 * {@link LINK_WAIT_MS}) and the window is asked to unlock; after the unlock they go to review.
 * Links are reviewed together, so two links clicked in a row show up in one review.
 */
export class LinkRouter<Step> {
  private waiting: { texts: string[]; until: number } | null = null
  private refused: RefusedLink[] = []
  private ready: LinkDelivery<Step>[] = []
  private running: Promise<void> = Promise.resolve()

  constructor(private readonly deps: LinkRouterDeps<Step>) {}

  /** Hands over links (raw, untrusted); `dropped` counts links refused for being too many. */
  receive(raw: readonly string[], dropped = 0): Promise<void> {
    const texts: string[] = []
    for (const r of raw) {
      const checked = checkLink(r)
      if (checked.ok) texts.push(checked.text)
      else this.refused.push(checked.refused)
    }
    if (dropped > 0) {
      this.refused.push({
        preview: `${dropped} more ${dropped === 1 ? 'link' : 'links'}`,
        message: `Tessera takes ${MAX_LINKS_PER_LAUNCH} links at a time; open the others again after these.`
      })
    }
    if (texts.length > 0) {
      const until = this.deps.now() + (this.deps.waitMs ?? LINK_WAIT_MS)
      const before = this.waiting?.texts ?? []
      const merged = [...new Set([...before, ...texts])].slice(0, MAX_LINKS_PER_LAUNCH)
      this.waiting = { texts: merged, until }
    }
    return this.flush()
  }

  /** Call after the vault unlocked: links that waited go to review now. */
  unlocked(): Promise<void> {
    return this.flush()
  }

  /** Call on lock: held deliveries refer to scans the lock forgot. */
  locked(): void {
    this.ready = this.ready.filter((d) => d.kind !== 'review')
  }

  /** True while links wait for the vault to be unlocked. */
  get awaitingUnlock(): boolean {
    this.expire()
    return this.waiting !== null
  }

  /** Everything waiting for the window, oldest first; taking it empties the queue. */
  take(): LinkDelivery<Step>[] {
    const out = this.ready
    this.ready = []
    return out
  }

  private expire(): void {
    if (this.waiting && this.deps.now() >= this.waiting.until) this.waiting = null
  }

  private flush(): Promise<void> {
    this.running = this.running.then(() => this.flushNow())
    return this.running
  }

  private async flushNow(): Promise<void> {
    this.expire()
    if (this.refused.length > 0) {
      this.ready.push({ kind: 'refused', refused: this.refused })
      this.refused = []
    }
    const waiting = this.waiting
    if (waiting && this.deps.isUnlocked()) {
      this.waiting = null
      try {
        const step = await this.deps.review(waiting.texts)
        this.ready.push({ kind: 'review', step, count: waiting.texts.length })
      } catch (err) {
        const message =
          err instanceof AppError
            ? err.message
            : 'Tessera could not read that link. Nothing was added; scan the QR code instead.'
        this.ready.push({ kind: 'failed', message })
      }
    }
    if (this.ready.length > 0) this.deps.notify('review')
    else if (this.waiting) this.deps.notify('unlock')
  }
}
