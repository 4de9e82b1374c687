/**
 * The scan main holds for review between "found these accounts" and "save the ticked ones":
 * one at a time, under an opaque token, expiring after SCAN_TTL_MS, wiped on lock.
 */
import { randomUUID } from 'node:crypto'
import { AppError } from '../../../shared/errors'
import { SCAN_TTL_MS, type ScanSourceKind } from '../../../shared/ipc/scan'
import type { MigrationDecoded } from '../migration'
import type { ScanOutcome } from './scan'

export interface HeldScan {
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
