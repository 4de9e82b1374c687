/**
 * An advisory lock file shared by every process (app, CLI) that writes the same data: the vault,
 * the audit log's rotation. Whoever holds it refreshes it; a dead or silent holder's lock is
 * broken safely.
 */
import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { hostname } from 'node:os'
import { AppError } from '../../../shared/errors'
import { ioError, readIfExists } from './files'

export interface LockOptions {
  /** Give up with VAULT_BUSY after this long. */
  timeoutMs?: number
  /** A lock older than this is stale even if its process seems alive (PID reuse). */
  staleMs?: number
}

interface LockInfo {
  pid: number
  host: string
  token: string
  at: number
}

/** Whether a process with this id runs on this machine (EPERM: it does, as another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function parseLock(text: string | null): LockInfo | null {
  if (text === null) return null
  try {
    const v = JSON.parse(text) as Partial<LockInfo>
    if (
      typeof v.pid === 'number' &&
      typeof v.host === 'string' &&
      typeof v.token === 'string' &&
      typeof v.at === 'number'
    ) {
      return v as LockInfo
    }
  } catch {
    // a half-written lock file: judged by its age below
  }
  return null
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Takes the lock if it is free: the lock's content is written to a temp file first and
 * hard-linked to `lockPath`, so the lock file never exists half-written (a reader could take a
 * half-written lock for a dead one). Where hard links are not possible, an O_EXCL create.
 * Returns an open handle on the lock file (for the heartbeat), or null when someone holds it.
 */
async function tryAcquire(lockPath: string, content: string): Promise<fs.FileHandle | null> {
  const tmp = `${lockPath}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
  let handle: fs.FileHandle | undefined
  try {
    handle = await fs.open(tmp, 'wx', 0o600)
    await handle.writeFile(content)
    try {
      await fs.link(tmp, lockPath)
      return handle
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
        await handle.close()
        return null
      }
      await handle.close()
      handle = undefined
    }
    // no hard links here
    try {
      handle = await fs.open(lockPath, 'wx', 0o600)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return null
      throw err
    }
    await handle.writeFile(content)
    return handle
  } catch (err) {
    await handle?.close().catch(() => undefined)
    throw ioError('create the lock file', lockPath, err)
  } finally {
    await fs.rm(tmp, { force: true }).catch(() => undefined)
  }
}

/**
 * Runs `fn` while holding `lockPath`, a file that holds our pid, host and a random token. While
 * `fn` runs, the lock file's modification time is refreshed every `staleMs / 3`, so a holder
 * that works for a long time (a keyring prompt the user has not answered yet) keeps its lock.
 * A lock whose process is gone (same host) or that was not refreshed for `staleMs` is stale: it
 * is broken under a second short-lived `.break` lock, after re-reading it to make sure it is
 * still the same stale lock, so two waiters can never both break and both hold it.
 */
export async function withFileLock<T>(
  lockPath: string,
  fn: () => Promise<T>,
  options: LockOptions = {}
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 15_000
  const staleMs = options.staleMs ?? 30_000
  const me: LockInfo = {
    pid: process.pid,
    host: hostname(),
    token: randomBytes(8).toString('hex'),
    at: Date.now()
  }
  const deadline = Date.now() + timeoutMs
  let delay = 2
  let handle: fs.FileHandle | null
  for (;;) {
    handle = await tryAcquire(lockPath, JSON.stringify({ ...me, at: Date.now() }))
    if (handle) break
    await breakIfStale(lockPath, staleMs)
    if (Date.now() > deadline) {
      throw new AppError(
        'VAULT_BUSY',
        `Another Tessera process is saving the vault and did not finish in time. Try again; if it ` +
          `keeps happening, make sure no Tessera is stuck and delete ${lockPath}.`,
        { details: { path: lockPath } }
      )
    }
    await sleep(delay + Math.random() * delay)
    delay = Math.min(delay * 2, 50)
  }
  const held = handle
  // the handle is the lock file we created: if it was broken and replaced, we touch only ours
  const heartbeat = setInterval(
    () => {
      const t = new Date()
      held.utimes(t, t).catch(() => undefined)
    },
    Math.max(1, Math.floor(staleMs / 3))
  )
  heartbeat.unref?.()
  try {
    return await fn()
  } finally {
    clearInterval(heartbeat)
    await held.close().catch(() => undefined)
    const current = parseLock(await readIfExists(lockPath).catch(() => null))
    if (current?.token === me.token) await fs.rm(lockPath, { force: true }).catch(() => undefined)
  }
}

async function lockAge(path: string): Promise<number> {
  try {
    const st = await fs.stat(path)
    return Date.now() - st.mtimeMs
  } catch {
    return 0
  }
}

async function isStale(path: string, text: string | null, staleMs: number): Promise<boolean> {
  const info = parseLock(text)
  const age = await lockAge(path)
  if (!info) return age > 2_000 // unreadable: a writer killed between create and write
  if (age > staleMs) return true
  return info.host === hostname() && info.pid !== process.pid && !isProcessAlive(info.pid)
}

async function breakIfStale(lockPath: string, staleMs: number): Promise<void> {
  const seen = await readIfExists(lockPath).catch(() => null)
  if (seen === null || !(await isStale(lockPath, seen, staleMs))) return
  const breaker = `${lockPath}.break`
  try {
    const h = await fs.open(breaker, 'wx', 0o600)
    await h.close()
  } catch {
    // someone else is breaking it; a breaker left by a killed process expires after 10 s
    if ((await lockAge(breaker)) > 10_000)
      await fs.rm(breaker, { force: true }).catch(() => undefined)
    return
  }
  try {
    const again = await readIfExists(lockPath).catch(() => null)
    if (again === seen) await fs.rm(lockPath, { force: true })
  } finally {
    await fs.rm(breaker, { force: true }).catch(() => undefined)
  }
}
