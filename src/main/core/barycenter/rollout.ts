/**
 * A resumable rollout of Barycenter's admin-enforced 2FA over a list of users.
 *
 * Only users with a passkey (`passkeyCount > 0`) are enforced: a user without one would be
 * stuck at /login/2fa, where Barycenter offers no enrollment. They are reported "not ready" and
 * skipped unless the admin forces them by name.
 *
 * Every decision is appended to a journal (`<dir>/<runId>.jsonl`, flushed to disk per line)
 * before and after the server is changed, so a run killed at any point resumes without enforcing
 * anyone twice or skipping anyone: a user with an "intent" but no outcome is settled by reading
 * their status again. The journal is also what undo reads.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { AppError, type ErrorCode } from '../../../shared/errors'
import type { AuditLog } from '../audit/log'
import type {
  RolloutOutcomeName,
  RolloutReportView,
  RolloutUserView
} from '../../../shared/ipc/barycenter'
import { USERNAME_PATTERN, type BarycenterAdmin, type Barycenter2faStatus } from './client'

/** What a rollout did for one user: one declaration, the IPC view's (shared). */
export type RolloutOutcome = RolloutOutcomeName
export type RolloutUserResult = RolloutUserView

interface JournalLine {
  u: string
  /** `intent`: about to set required; `intent-undo`: about to unset. */
  k: 'intent' | 'intent-undo' | RolloutOutcome
  forced?: boolean
  passkeyCount?: number
  before?: boolean
  error?: ErrorCode
  message?: string
  at: number
}

export interface RolloutProgress {
  done: number
  total: number
  last: RolloutUserResult
}

export interface RolloutOptions {
  admin: BarycenterAdmin
  users: string[]
  /** Users to enforce even without a passkey (the admin's explicit choice, per user). */
  force?: ReadonlySet<string>
  /** Folder of the journals. */
  dir: string
  runId: string
  audit?: AuditLog
  onProgress?: (p: RolloutProgress) => void
  now?: () => number
  signal?: AbortSignal
}

export type RolloutReport = RolloutReportView

/**
 * Reads a users file: one user name per line, or CSV (a `username` column if the header has
 * one, else the first column). Blank lines and `#` comments are skipped; duplicates once.
 *
 * @throws AppError INVALID_INPUT naming the first line that is not a user name.
 */
export function parseUsersFile(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  let col = 0
  const header = lines.find((l) => l.trim() && !l.trim().startsWith('#'))
  const cells = (l: string): string[] => l.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'))
  let start = 0
  if (header !== undefined && header.includes(',')) {
    const h = cells(header).map((c) => c.toLowerCase())
    const i = h.findIndex((c) => c === 'username' || c === 'user' || c === 'login')
    if (i >= 0) {
      col = i
      start = lines.indexOf(header) + 1
    }
  }
  const seen = new Set<string>()
  const out: string[] = []
  for (let n = start; n < lines.length; n++) {
    const l = lines[n]!.trim()
    if (!l || l.startsWith('#')) continue
    const name = l.includes(',') ? (cells(l)[col] ?? '') : l
    if (!USERNAME_PATTERN.test(name)) {
      throw new AppError(
        'INVALID_INPUT',
        `Line ${n + 1} of the users file is not a user name ("${name.slice(0, 40)}"). Fix it and run again; nothing was changed.`,
        { details: { line: n + 1 } }
      )
    }
    if (!seen.has(name)) {
      seen.add(name)
      out.push(name)
    }
  }
  return out
}

function journalPath(dir: string, runId: string): string {
  if (!/^[A-Za-z0-9._-]{1,80}$/.test(runId) || runId.startsWith('.')) {
    throw new AppError(
      'INVALID_INPUT',
      'A run id is letters, digits, dots, dashes and underscores.'
    )
  }
  return join(dir, `${runId}.jsonl`)
}

/** Reads a journal, ignoring a last line cut short by a kill. */
export function readJournal(dir: string, runId: string): JournalLine[] {
  let text: string
  try {
    text = readFileSync(journalPath(dir, runId), 'utf8')
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return []
    throw e
  }
  const out: JournalLine[] = []
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    try {
      out.push(JSON.parse(line) as JournalLine)
    } catch {
      // A torn last line: the step it described is settled again by a status read.
    }
  }
  return out
}

class Journal {
  private fd: number
  constructor(dir: string, runId: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    this.fd = openSync(journalPath(dir, runId), 'a', 0o600)
  }
  write(l: JournalLine): void {
    writeSync(this.fd, `${JSON.stringify(l)}\n`)
    fsyncSync(this.fd)
  }
  close(): void {
    closeSync(this.fd)
  }
}

/**
 * Outcomes a resumed run does not ask again. `failed` is not one: it is recorded only when the
 * user was left unchanged (the status read failed, or the re-read after a failed change said
 * "not required"), so a resume tries that user again instead of skipping them.
 */
const FINAL: ReadonlySet<string> = new Set([
  'enforced',
  'forced',
  'already',
  'not-ready',
  'unknown-user'
])

function emptyCounts(): Record<RolloutOutcome, number> {
  return {
    enforced: 0,
    forced: 0,
    already: 0,
    'not-ready': 0,
    'unknown-user': 0,
    failed: 0,
    undone: 0
  }
}

function resultOf(l: JournalLine): RolloutUserResult {
  return {
    username: l.u,
    outcome: l.k as RolloutOutcome,
    ...(l.passkeyCount !== undefined ? { passkeyCount: l.passkeyCount } : {}),
    ...(l.before !== undefined ? { requires2faBefore: l.before } : {}),
    ...(l.error ? { error: l.error } : {}),
    ...(l.message ? { message: l.message } : {})
  }
}

/** One audit line per user changed; a failed audit write never stops a run. */
async function auditChange(
  o: { admin: BarycenterAdmin; audit?: AuditLog },
  action: 'enforce-2fa' | 'undo-2fa',
  account: string,
  outcome: 'ok' | ErrorCode
): Promise<void> {
  await o.audit
    ?.append({
      action,
      serverId: o.admin.url,
      serverName: `Barycenter ${new URL(o.admin.url).host}`,
      serverType: 'barycenter',
      account,
      outcome
    })
    .catch(() => undefined)
}

/**
 * Runs (or resumes) a rollout. Users already settled in the journal are not asked again; a user
 * whose change was in flight when the last run stopped is settled by their status.
 */
export async function runRollout(o: RolloutOptions): Promise<RolloutReport> {
  const now = o.now ?? Date.now
  const past = readJournal(o.dir, o.runId)
  const settled = new Map<string, JournalLine>()
  const inFlight = new Set<string>()
  for (const l of past) {
    if (l.k === 'intent') inFlight.add(l.u)
    else if (FINAL.has(l.k)) {
      settled.set(l.u, l)
      inFlight.delete(l.u)
    }
  }
  const journal = new Journal(o.dir, o.runId)
  const results: RolloutUserResult[] = []
  const total = o.users.length
  const record = (l: Omit<JournalLine, 'at'>): RolloutUserResult => {
    const line = { ...l, at: now() }
    journal.write(line)
    return resultOf(line)
  }
  const audit = (username: string, outcome: 'ok' | ErrorCode, forced: boolean) =>
    auditChange(o, 'enforce-2fa', forced ? `${username} (forced)` : username, outcome)
  try {
    for (const username of o.users) {
      if (o.signal?.aborted)
        throw new AppError('CANCELLED', 'Rollout stopped; run it again to resume.')
      const done = settled.get(username)
      let result: RolloutUserResult
      if (done) {
        result = resultOf(done)
      } else {
        result = await one(username, inFlight.has(username))
      }
      results.push(result)
      o.onProgress?.({ done: results.length, total, last: result })
    }
  } finally {
    journal.close()
  }
  const counts = emptyCounts()
  for (const r of results) counts[r.outcome] += 1
  return { runId: o.runId, adminUrl: o.admin.url, results, counts }

  async function one(username: string, wasInFlight: boolean): Promise<RolloutUserResult> {
    const forced = o.force?.has(username) === true
    let st: Barycenter2faStatus
    try {
      st = await o.admin.status(username)
    } catch (e) {
      return failure(username, e)
    }
    const base = { passkeyCount: st.passkeyCount }
    if (st.requires2fa) {
      // Set by this run before it stopped (the intent is in the journal), or before it.
      return record({
        u: username,
        k: wasInFlight ? (forced ? 'forced' : 'enforced') : 'already',
        ...base,
        before: !wasInFlight
      })
    }
    if (st.passkeyCount === 0 && !forced) {
      return record({
        u: username,
        k: 'not-ready',
        ...base,
        before: false,
        message: 'No passkey yet: enforcing would leave them stuck at sign-in.'
      })
    }
    journal.write({ u: username, k: 'intent', forced, ...base, at: now() })
    try {
      await o.admin.setRequired(username, true)
    } catch (e) {
      // The reply may be lost after the server changed: read the status before calling it failed.
      try {
        const again = await o.admin.status(username)
        if (again.requires2fa) {
          await audit(username, 'ok', forced)
          return record({ u: username, k: forced ? 'forced' : 'enforced', ...base, before: false })
        }
      } catch {
        // Still unknown: leave the intent; the next run settles it.
        throw e
      }
      return failure(username, e)
    }
    await audit(username, 'ok', forced)
    return record({ u: username, k: forced ? 'forced' : 'enforced', ...base, before: false })
  }

  function failure(username: string, e: unknown): RolloutUserResult {
    const err =
      e instanceof AppError
        ? e
        : new AppError('INTERNAL', 'Something went wrong inside Tessera. Try again.')
    return record({
      u: username,
      k: err.code === 'NOT_FOUND' ? 'unknown-user' : 'failed',
      error: err.code,
      message: err.message
    })
  }
}

/**
 * Undoes enforcement (`required: false`) for the users a run enforced, or only `only`. Users
 * the run found already enforced are left alone: this run did not set them.
 */
export async function undoRollout(o: {
  admin: BarycenterAdmin
  dir: string
  runId: string
  only?: ReadonlySet<string>
  audit?: AuditLog
  now?: () => number
}): Promise<RolloutUserResult[]> {
  const now = o.now ?? Date.now
  const lines = readJournal(o.dir, o.runId)
  const state = new Map<string, string>()
  for (const l of lines) if (l.k !== 'intent' && l.k !== 'intent-undo') state.set(l.u, l.k)
  const targets = [...state]
    .filter(([u, k]) => (k === 'enforced' || k === 'forced') && (!o.only || o.only.has(u)))
    .map(([u]) => u)
  if (o.only) {
    for (const u of o.only) {
      if (!targets.includes(u)) {
        throw new AppError(
          'NOT_FOUND',
          `Run ${o.runId} did not enforce 2FA for "${u}", so there is nothing to undo for them.`
        )
      }
    }
  }
  const journal = new Journal(o.dir, o.runId)
  const out: RolloutUserResult[] = []
  try {
    for (const u of targets) {
      journal.write({ u, k: 'intent-undo', at: now() })
      let outcome: 'ok' | ErrorCode = 'ok'
      try {
        await o.admin.setRequired(u, false)
        journal.write({ u, k: 'undone', at: now() })
        out.push({ username: u, outcome: 'undone' })
      } catch (e) {
        const err = e instanceof AppError ? e : new AppError('INTERNAL', 'Undo failed.')
        outcome = err.code
        out.push({ username: u, outcome: 'failed', error: err.code, message: err.message })
      }
      await auditChange(o, 'undo-2fa', u, outcome)
    }
  } finally {
    journal.close()
  }
  return out
}

/** The report as JSON text. */
export function reportJson(r: RolloutReport): string {
  return `${JSON.stringify(r, null, 2)}\n`
}

/** The report as CSV: username,outcome,passkeyCount,requires2faBefore,error,message. */
export function reportCsv(r: RolloutReport): string {
  const esc = (v: unknown): string => {
    if (v === undefined || v === null) return ''
    const s = String(v)
    // A leading = + - @ would be a formula in a spreadsheet.
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s
    return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
  }
  const rows = r.results.map((x) =>
    [x.username, x.outcome, x.passkeyCount, x.requires2faBefore, x.error, x.message]
      .map(esc)
      .join(',')
  )
  return `username,outcome,passkeyCount,requires2faBefore,error,message\n${rows.join('\n')}\n`
}

/**
 * A run's report from its journal: each user's latest outcome (an undo shows as `undone`), in
 * the order of `users`. Users the run has not reached yet, or whose change is still in flight,
 * are left out; `settled` counts the users in the report.
 */
export function journalReport(
  dir: string,
  runId: string,
  adminUrl: string,
  users: readonly string[]
): RolloutReport {
  const latest = new Map<string, JournalLine>()
  for (const l of readJournal(dir, runId)) {
    if (l.k !== 'intent' && l.k !== 'intent-undo') latest.set(l.u, l)
  }
  const results: RolloutUserResult[] = []
  for (const u of users) {
    const l = latest.get(u)
    if (l) results.push(resultOf(l))
  }
  const counts = emptyCounts()
  for (const r of results) counts[r.outcome] += 1
  return { runId, adminUrl, results, counts }
}
