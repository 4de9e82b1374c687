import { appendFile, mkdir, open, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { AppError, isErrorCode, type ErrorCode } from '../../../shared/errors'

/** What was attempted against a 2FA server. */
export const AUDIT_ACTIONS = ['enroll', 'finish', 'discard', 'enable-email', 'disable'] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/**
 * One audit record. Deliberately narrow: identifiers and outcomes only. There is no field for a
 * token, secret, code, password or a server's free-text reply, so none can be written.
 */
export interface AuditEntry {
  /** ISO 8601 time. */
  at: string
  action: AuditAction
  serverId: string
  serverName: string
  serverType: string
  accountId?: string
  /** The account's issuer and label as shown in the app. */
  account?: string
  challengeId?: string
  /** `ok`, or the ErrorCode the attempt ended with. */
  outcome: 'ok' | ErrorCode
  /** HTTP status the server answered with, when there was one. */
  httpStatus?: number
}

export type AuditInput = Omit<AuditEntry, 'at'> & { at?: string }

const entrySchema = z.object({
  at: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  serverId: z.string(),
  serverName: z.string(),
  serverType: z.string(),
  accountId: z.string().optional(),
  account: z.string().optional(),
  challengeId: z.string().optional(),
  outcome: z.string().refine((s) => s === 'ok' || isErrorCode(s)),
  httpStatus: z.number().int().optional()
})

const FIELD_MAX = 200

function clip(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, FIELD_MAX)
}

/**
 * Append-only audit log of enrollment actions, one JSON object per line in `audit.jsonl` inside
 * the directory it is given. Only the whitelisted fields of AuditEntry are written. Reading skips
 * lines that do not parse (a torn last line after a crash) instead of failing.
 */
export class AuditLog {
  readonly file: string

  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now
  ) {
    this.file = join(dir, 'audit.jsonl')
  }

  /** Appends one record. Throws IO when the directory cannot be written. */
  async append(input: AuditInput): Promise<AuditEntry> {
    const entry: AuditEntry = {
      at: input.at ?? new Date(this.now()).toISOString(),
      action: input.action,
      serverId: clip(input.serverId),
      serverName: clip(input.serverName),
      serverType: clip(input.serverType),
      outcome: input.outcome
    }
    if (input.accountId !== undefined) entry.accountId = clip(input.accountId)
    if (input.account !== undefined) entry.account = clip(input.account)
    if (input.challengeId !== undefined) entry.challengeId = clip(input.challengeId)
    if (input.httpStatus !== undefined) entry.httpStatus = input.httpStatus
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 })
      // After a crash mid-line, start on a fresh line so the torn record costs only itself.
      const lead = (await this.endsTorn()) ? '\n' : ''
      await appendFile(this.file, `${lead}${JSON.stringify(entry)}\n`, {
        encoding: 'utf8',
        mode: 0o600
      })
    } catch (err) {
      throw new AppError(
        'IO',
        `The audit log could not be written at ${this.file}. Check that the folder exists and is writable.`,
        { cause: err, details: { path: this.file } }
      )
    }
    return entry
  }

  private async endsTorn(): Promise<boolean> {
    let fh
    try {
      fh = await open(this.file, 'r')
    } catch {
      return false
    }
    try {
      const { size } = await fh.stat()
      if (size === 0) return false
      const buf = Buffer.alloc(1)
      await fh.read(buf, 0, 1, size - 1)
      return buf[0] !== 0x0a
    } finally {
      await fh.close()
    }
  }

  /** Records, oldest first. `serverId` filters; `limit` keeps the newest N. */
  async list(filter: { serverId?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ENOENT') return []
      throw new AppError('IO', `The audit log at ${this.file} could not be read.`, {
        cause: err,
        details: { path: this.file }
      })
    }
    const out: AuditEntry[] = []
    for (const line of text.split('\n')) {
      if (!line.trim()) continue
      let raw: unknown
      try {
        raw = JSON.parse(line)
      } catch {
        continue
      }
      const r = entrySchema.safeParse(raw)
      if (!r.success) continue
      if (filter.serverId !== undefined && r.data.serverId !== filter.serverId) continue
      out.push(r.data as AuditEntry)
    }
    return filter.limit !== undefined ? out.slice(Math.max(0, out.length - filter.limit)) : out
  }

  /** The records as a pretty JSON array, for handing to IT. */
  async exportJson(filter: { serverId?: string } = {}): Promise<string> {
    return `${JSON.stringify(await this.list(filter), null, 2)}\n`
  }
}
