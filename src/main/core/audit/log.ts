import { lstat, mkdir, rename, stat, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { AppError, isErrorCode } from '../../../shared/errors'
import { cleanName } from '../../../shared/text'
import { notRegularRefused, openRegularFile, symlinkRefused } from '../fs/regular-file'
import { withFileLock } from '../fs/file-lock'

import { AUDIT_ACTIONS, type AuditEntryView } from '../../../shared/servers'
export { AUDIT_ACTIONS, type AuditAction } from '../../../shared/servers'

/** One audit record (shared's declaration: identifiers and outcomes only). */
export type AuditEntry = AuditEntryView

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

/** A field as written: control, bidi and invisible characters removed (shared/text), capped. */
function clip(s: string): string {
  return cleanName(s).slice(0, FIELD_MAX)
}

/** Size at which `audit.jsonl` is rotated to `audit.1.jsonl`. */
export const AUDIT_MAX_BYTES = 1024 * 1024

export interface AuditLogOptions {
  /** Rotate when `audit.jsonl` reaches this many bytes (default AUDIT_MAX_BYTES). */
  maxBytes?: number
  /** Hooks the unit tests use to stop between steps. Never set in production. */
  hooks?: {
    /** After an append opened the file, before it writes. */
    afterOpen?: () => Promise<void> | void
    /** Under the rotation lock, before the size is checked. */
    beforeRotate?: () => Promise<void> | void
  }
}

const CHUNK = 64 * 1024

function readError(path: string, err: unknown): AppError {
  return new AppError(
    'IO',
    `The audit log at ${path} could not be read. Check that the folder is yours and readable.`,
    { cause: err, details: { path } }
  )
}

/**
 * Append-only audit log of enrollment actions, one JSON object per line in `audit.jsonl` inside
 * the directory it is given. Only the whitelisted fields of AuditEntry are written. Reading skips
 * lines that do not parse (a torn last line after a crash) instead of failing.
 *
 * Size is bounded: once `audit.jsonl` reaches `maxBytes` it is renamed to `audit.1.jsonl` (the
 * one previous generation kept; the one before is dropped). Appends are O_APPEND writes without
 * a lock, so the app and the CLI never wait on each other; an append that opened the file just
 * before a rotation lands at the end of `audit.1.jsonl`, where `list()` still finds it. Rotation
 * itself runs under `audit.lock` and re-checks the size there, so two processes crossing the
 * threshold together rotate once (a second rename would replace the full generation with the
 * nearly empty new file).
 */
export class AuditLog {
  readonly file: string
  /** The previous generation, after a rotation. */
  readonly previousFile: string
  private readonly lockFile: string
  private readonly maxBytes: number

  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
    private readonly options: AuditLogOptions = {}
  ) {
    this.file = join(dir, 'audit.jsonl')
    this.previousFile = join(dir, 'audit.1.jsonl')
    this.lockFile = join(dir, 'audit.lock')
    this.maxBytes = options.maxBytes ?? AUDIT_MAX_BYTES
  }

  /** Appends one record (rotating the file when it got too large). Throws IO when the directory cannot be written. */
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
    let sizeAfter: number
    try {
      await checkAuditDir(this.dir)
      await mkdir(this.dir, { recursive: true, mode: 0o700 })
      // O_NOFOLLOW: a linked audit.jsonl is refused, never appended through
      const fh = await openRegularFile(this.file, 'a+', 0o600)
      try {
        await this.options.hooks?.afterOpen?.()
        const { size } = await fh.stat()
        // After a crash mid-line, start on a fresh line so the torn record costs only itself.
        const lead = (await endsTorn(fh, size)) ? '\n' : ''
        const line = Buffer.from(`${lead}${JSON.stringify(entry)}\n`, 'utf8')
        // O_APPEND: one write at the end of the file, whoever else appends meanwhile
        await fh.write(line)
        // the size now, other writers' lines included (ours alone could never reach the limit)
        sizeAfter = (await fh.stat()).size
      } finally {
        await fh.close()
      }
    } catch (err) {
      if (err instanceof AppError) throw err
      throw new AppError(
        'IO',
        `The audit log could not be written at ${this.file}. Check that the folder exists and is writable.`,
        { cause: err, details: { path: this.file } }
      )
    }
    if (sizeAfter >= this.maxBytes) await this.rotateIfFull()
    return entry
  }

  /**
   * Renames a full `audit.jsonl` to `audit.1.jsonl` under the lock. The entry is already
   * written, so a failure here (a busy lock, a read-only folder) is left for the next append.
   */
  private async rotateIfFull(): Promise<void> {
    await withFileLock(
      this.lockFile,
      async () => {
        await this.options.hooks?.beforeRotate?.()
        let size: number
        try {
          size = (await stat(this.file)).size
        } catch {
          return
        }
        // someone rotated while we waited: the file here is the new, small one
        if (size < this.maxBytes) return
        await rename(this.file, this.previousFile)
      },
      { timeoutMs: 5_000 }
    ).catch(() => undefined)
  }

  /**
   * Records across both generations, oldest first. `serverId` filters; `limit` keeps the newest
   * N and reads only as much of the files, from the end, as it needs.
   */
  async list(filter: { serverId?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    const limit = filter.limit ?? Infinity
    if (!(limit > 0)) return []
    await checkAuditDir(this.dir)
    const handles = await this.openGenerations()
    const newestFirst: AuditEntry[] = []
    try {
      for (const h of handles) {
        if (!h) continue
        for await (const line of linesFromEnd(h.fh, h.path)) {
          const e = parseEntry(line)
          if (!e || (filter.serverId !== undefined && e.serverId !== filter.serverId)) continue
          newestFirst.push(e)
          if (newestFirst.length >= limit) return newestFirst.reverse()
        }
      }
    } finally {
      for (const h of handles) await h?.fh.close().catch(() => undefined)
    }
    return newestFirst.reverse()
  }

  /**
   * Opens the current file, then the previous one. A rotation between the two opens would show
   * the same file twice (once under each name): then both are opened again.
   */
  private async openGenerations(): Promise<Array<{ fh: FileHandle; path: string } | null>> {
    for (let attempt = 0; ; attempt++) {
      const cur = await openIfExists(this.file)
      const prev = await openIfExists(this.previousFile)
      if (cur && prev && attempt < 5) {
        const [a, b] = await Promise.all([cur.stat(), prev.stat()])
        if (a.ino === b.ino && a.dev === b.dev) {
          await Promise.all([cur.close(), prev.close()])
          continue
        }
      }
      return [
        cur ? { fh: cur, path: this.file } : null,
        prev ? { fh: prev, path: this.previousFile } : null
      ]
    }
  }

  /** The records of both generations as a pretty JSON array, for handing to IT. */
  async exportJson(filter: { serverId?: string } = {}): Promise<string> {
    return `${JSON.stringify(await this.list(filter), null, 2)}\n`
  }
}

async function openIfExists(path: string): Promise<FileHandle | null> {
  try {
    // a link is refused, not followed out of the folder (core/fs/regular-file)
    return await openRegularFile(path, 'r')
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return null
    if (err instanceof AppError) throw err
    throw readError(path, err)
  }
}

/**
 * The audit folder must be a real folder: a link in its place would send every record (and the
 * rotation's rename) wherever it points.
 */
async function checkAuditDir(dir: string): Promise<void> {
  let st: import('node:fs').Stats
  try {
    st = await lstat(dir)
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return
    throw readError(dir, err)
  }
  if (st.isSymbolicLink()) throw symlinkRefused(dir)
  if (!st.isDirectory()) throw notRegularRefused(dir)
}

async function endsTorn(fh: FileHandle, size: number): Promise<boolean> {
  if (size === 0) return false
  const buf = Buffer.alloc(1)
  const { bytesRead } = await fh.read(buf, 0, 1, size - 1)
  return bytesRead === 1 && buf[0] !== 0x0a
}

function parseEntry(line: string): AuditEntry | null {
  if (!line.trim()) return null
  let raw: unknown
  try {
    raw = JSON.parse(line)
  } catch {
    return null
  }
  const r = entrySchema.safeParse(raw)
  if (!r.success) return null
  // Lines written before fields were cleaned (or edited by hand) are cleaned on the way out too.
  const e = r.data as AuditEntry
  const out: AuditEntry = {
    ...e,
    serverId: clip(e.serverId),
    serverName: clip(e.serverName),
    serverType: clip(e.serverType)
  }
  if (e.accountId !== undefined) out.accountId = clip(e.accountId)
  if (e.account !== undefined) out.account = clip(e.account)
  if (e.challengeId !== undefined) out.challengeId = clip(e.challengeId)
  return out
}

/**
 * The lines of an open file, last first, read backwards in 64 KiB blocks: lines are split on
 * bytes (a UTF-8 character cut by a block edge is joined before decoding). Stops reading as soon
 * as the caller stops asking.
 */
async function* linesFromEnd(fh: FileHandle, path: string): AsyncGenerator<string> {
  let pos: number
  try {
    pos = (await fh.stat()).size
  } catch (err) {
    throw readError(path, err)
  }
  let carry = Buffer.alloc(0)
  while (pos > 0) {
    const n = Math.min(CHUNK, pos)
    pos -= n
    const block = Buffer.alloc(n)
    let got = 0
    try {
      while (got < n) {
        const { bytesRead } = await fh.read(block, got, n - got, pos + got)
        if (bytesRead === 0) break
        got += bytesRead
      }
    } catch (err) {
      throw readError(path, err)
    }
    const data = carry.length > 0 ? Buffer.concat([block.subarray(0, got), carry]) : block
    let end = data.length
    for (let i = data.length - 1; i >= 0; i--) {
      if (data[i] !== 0x0a) continue
      if (end > i + 1) yield data.toString('utf8', i + 1, end)
      end = i
    }
    carry = Buffer.from(data.subarray(0, end))
  }
  if (carry.length > 0) yield carry.toString('utf8')
}
