import { AppError } from '../../../shared/errors'
import type { ImportStepState } from '../../../shared/ipc/import'
import type { Account } from '../../../shared/model'
import type { AccountStore } from '../accounts/store'
import {
  importFile,
  reviewImport,
  selectForSave,
  type ImportFileOptions,
  type ImportFileResult,
  type ImportReview
} from './index'
import type { ImportFormat } from './types'

/** What the review screen gets back from a step: a review, or a (repeat) password prompt. */
export type ImportStep = ImportStepState

interface Session {
  bytes: Uint8Array
  format: ImportFormat | 'auto'
  result: ImportFileResult | null
  expiresAt: number
  /** Stops a read still running when the import is closed (e.g. a slow key derivation). */
  reading?: AbortController
}

/** Tuning for {@link ImportSessions}; defaults suit the app. */
export interface ImportSessionsOptions {
  now?: () => number
  /** How long an unfinished import keeps its data in memory (default 15 minutes). */
  ttlMs?: number
  /** Most imports open at once (default 4); the oldest is dropped beyond that. */
  maxSessions?: number
  /**
   * Reads the file (default {@link importFile} on this thread). The app passes one that runs in
   * a worker thread, so a slow key derivation (Ente's Argon2id) does not freeze main.
   */
  read?: (
    bytes: Uint8Array,
    options: ImportFileOptions,
    signal: AbortSignal
  ) => Promise<ImportFileResult>
}

function sessionGone(): AppError {
  return new AppError('NOT_FOUND', 'This import was closed or timed out. Choose the file again.')
}

/**
 * Keeps an import's file and decrypted accounts in the main process between the steps of the
 * review screen, so the renderer only ever sees tokens and secret-free reviews: open a file,
 * answer password prompts (again after a wrong one, without re-sending the file), review, then
 * save the selected rows in one vault write. Unfinished imports expire and are wiped.
 */
export class ImportSessions {
  private readonly sessions = new Map<string, Session>()
  private readonly now: () => number
  private readonly ttlMs: number
  private readonly maxSessions: number
  private readonly read: NonNullable<ImportSessionsOptions['read']>

  constructor(options: ImportSessionsOptions = {}) {
    this.read = options.read ?? importFile
    this.now = options.now ?? Date.now
    this.ttlMs = options.ttlMs ?? 15 * 60_000
    this.maxSessions = options.maxSessions ?? 4
  }

  /**
   * Reads a backup. Returns a review, or a password prompt when the file is encrypted.
   * @throws AppError IMPORT_FORMAT, IMPORT_CORRUPT, UNSUPPORTED (see importFile); no session
   *   is kept for a file that cannot be read at all.
   */
  async open(
    bytes: Uint8Array,
    options: Pick<ImportFileOptions, 'format'>,
    existing: Account[]
  ): Promise<ImportStep> {
    this.prune()
    while (this.sessions.size >= this.maxSessions) {
      const oldest = this.sessions.keys().next().value
      if (oldest === undefined) break
      this.drop(oldest)
    }
    const token = globalThis.crypto.randomUUID()
    this.sessions.set(token, {
      bytes: Uint8Array.from(bytes),
      format: options.format ?? 'auto',
      result: null,
      expiresAt: this.now() + this.ttlMs
    })
    try {
      return await this.attempt(token, undefined, existing)
    } catch (err) {
      this.drop(token)
      throw err
    }
  }

  /** Tries a password for an import that asked for one; a wrong one asks again. */
  async unlock(token: string, password: string, existing: Account[]): Promise<ImportStep> {
    this.prune()
    return this.attempt(token, password, existing)
  }

  /** The review again, against the vault as it is now (e.g. after another import saved). */
  review(token: string, existing: Account[]): ImportReview {
    const s = this.live(token)
    if (!s.result) throw new AppError('PASSWORD_REQUIRED', 'Enter the backup password first.')
    return reviewImport(s.result, existing)
  }

  /**
   * Saves the selected rows (indexes from the review; by default every row that is not a
   * duplicate) with one `addMany`, then closes the import.
   */
  async commit(token: string, store: AccountStore, selected?: number[]): Promise<Account[]> {
    const s = this.live(token)
    if (!s.result) throw new AppError('PASSWORD_REQUIRED', 'Enter the backup password first.')
    const accounts = selectForSave(s.result, store.list(), selected)
    const added = accounts.length > 0 ? await store.addMany(accounts) : []
    this.drop(token)
    return added
  }

  /** Closes an import and wipes what it held. Unknown tokens are ignored. */
  discard(token: string): void {
    this.drop(token)
  }

  /** Closes every import and wipes what they held (e.g. when the vault locks). */
  discardAll(): void {
    for (const token of [...this.sessions.keys()]) this.drop(token)
  }

  /** Number of imports held (for tests and diagnostics). */
  get size(): number {
    this.prune()
    return this.sessions.size
  }

  private async attempt(
    token: string,
    password: string | undefined,
    existing: Account[]
  ): Promise<ImportStep> {
    const s = this.live(token)
    if (s.result) return { status: 'ready', token, review: reviewImport(s.result, existing) }
    const reading = new AbortController()
    s.reading = reading
    try {
      s.result = await this.read(
        s.bytes,
        password === undefined ? { format: s.format } : { format: s.format, password },
        reading.signal
      )
    } catch (err) {
      if (
        err instanceof AppError &&
        (err.code === 'PASSWORD_REQUIRED' || err.code === 'WRONG_PASSWORD')
      ) {
        const format = err.details?.format
        return {
          status: 'needs-password',
          token,
          formatName: typeof format === 'string' ? format : null,
          wrongPassword: err.code === 'WRONG_PASSWORD',
          message: err.message
        }
      }
      throw err
    }
    s.bytes.fill(0)
    s.bytes = new Uint8Array(0)
    return { status: 'ready', token, review: reviewImport(s.result, existing) }
  }

  private live(token: string): Session {
    const s = this.sessions.get(token)
    if (!s || s.expiresAt <= this.now()) {
      if (s) this.drop(token)
      throw sessionGone()
    }
    return s
  }

  private prune(): void {
    const now = this.now()
    for (const [token, s] of this.sessions) if (s.expiresAt <= now) this.drop(token)
  }

  private drop(token: string): void {
    const s = this.sessions.get(token)
    if (!s) return
    s.reading?.abort()
    s.bytes.fill(0)
    s.result = null
    this.sessions.delete(token)
  }
}
