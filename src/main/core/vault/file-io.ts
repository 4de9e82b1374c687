import { randomBytes } from 'node:crypto'
import { promises as fs, constants as fsc } from 'node:fs'
import { hostname } from 'node:os'
import { dirname } from 'node:path'
import { AppError } from '../../../shared/errors'

/**
 * Durable file primitives for the vault: an atomic replace that keeps the previous file as a
 * backup, and an advisory lock file shared by every process (app, CLI) that opens the vault.
 */

function ioError(action: string, path: string, err: unknown): AppError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? 'unknown'
  return new AppError(
    'IO',
    `Could not ${action} ${path} (${code}). Check that the disk is not full and that you own ` +
      'the folder, then try again.',
    { cause: err, details: { path } }
  )
}

/**
 * Makes sure the data directory exists and is safe to keep the vault in. A folder Tessera creates
 * gets mode 0700. An existing folder keeps its mode (`--data-dir ~` must not lock down the home
 * folder; the vault files themselves are 0600), but one that other users may write to is refused
 * with IO: they could swap the vault file for their own. Also IO when the path is not a folder.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  let created: string | undefined
  try {
    created = await fs.mkdir(dir, { recursive: true, mode: 0o700 })
    // only what we created: mkdir's mode is reduced by the umask
    if (created !== undefined && process.platform !== 'win32') await fs.chmod(dir, 0o700)
  } catch (err) {
    throw ioError('create the folder', dir, err)
  }
  if (created !== undefined || process.platform === 'win32') return
  let st: import('node:fs').Stats
  try {
    st = await fs.stat(dir)
  } catch (err) {
    throw ioError('read', dir, err)
  }
  if (!st.isDirectory()) {
    throw new AppError(
      'IO',
      `${dir} is not a folder. Point Tessera at a folder with --data-dir or TESSERA_DATA_DIR.`,
      { details: { path: dir } }
    )
  }
  // World-writable is always refused. Group-writable is accepted only when the group is the
  // user's own primary group: Debian and Ubuntu give every user a private group and a umask of
  // 002, so a folder made with mkdir is 0775 there and nobody else can write to it.
  const groupIsOwn = st.gid === process.getgid?.()
  if ((st.mode & 0o002) !== 0 || ((st.mode & 0o020) !== 0 && !groupIsOwn)) {
    throw new AppError(
      'IO',
      `Other users may write to ${dir} (mode ${(st.mode & 0o777).toString(8)}), so they could ` +
        `replace the vault file. Run "chmod go-w ${dir}" or choose a folder only you can write to.`,
      { details: { path: dir } }
    )
  }
}

/** Reads a file as UTF-8, or null when it does not exist. */
export async function readIfExists(path: string): Promise<string | null> {
  try {
    return await fs.readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw ioError('read', path, err)
  }
}

/**
 * Identity of one version of a file: device, inode, size and change times. Every Tessera save
 * renames a new file into place (new inode, new times) and any in-place edit changes the times,
 * so an equal fingerprint means "the bytes we already hold".
 */
export type Fingerprint = string

function fingerprintOf(st: import('node:fs').BigIntStats): Fingerprint {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`
}

/** The file's fingerprint, or null when it does not exist. */
export async function fingerprint(path: string): Promise<Fingerprint | null> {
  try {
    return fingerprintOf(await fs.stat(path, { bigint: true }))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw ioError('read', path, err)
  }
}

/** Reads a file and the fingerprint of exactly the version read (one open file), or null. */
export async function readWithFingerprint(
  path: string
): Promise<{ text: string; fingerprint: Fingerprint } | null> {
  let handle: fs.FileHandle | undefined
  try {
    handle = await fs.open(path, 'r')
    const st = await handle.stat({ bigint: true })
    const text = await handle.readFile('utf8')
    return { text, fingerprint: fingerprintOf(st) }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw ioError('read', path, err)
  } finally {
    await handle?.close()
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await fs.access(path)
    return true
  } catch {
    return false
  }
}

async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  let handle: fs.FileHandle | undefined
  try {
    handle = await fs.open(dir, fsc.O_RDONLY)
    await handle.sync()
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM') throw ioError('flush', dir, err)
  } finally {
    await handle?.close()
  }
}

/** Hooks the crash and unit tests use to stop between steps. Never set in production. */
export interface WriteHooks {
  afterTempWritten?: () => Promise<void> | void
}

/**
 * Replaces `path` with `text` so that a crash at any moment leaves either the old or the new
 * file: write a temp file (mode 0600) beside it, fsync it, keep the current file as `backup`
 * (a hard link, so no copy), rename the temp file over `path`, fsync the folder.
 */
export async function atomicReplace(
  path: string,
  backup: string,
  text: string,
  hooks?: WriteHooks
): Promise<void> {
  const dir = dirname(path)
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
  try {
    await writeSynced(tmp, text)
    await hooks?.afterTempWritten?.()
    if (await exists(path)) await keepBackup(path, backup)
    await fs.rename(tmp, path)
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined)
    if (err instanceof AppError) throw err
    throw ioError('save', path, err)
  }
  await fsyncDir(dir)
}

/**
 * Writes a new file at `path` only if nothing is there, durably: temp file (0600), fsync, then a
 * hard link to `path`, which fails instead of replacing a file that appeared meanwhile; falls back
 * to an O_EXCL create where hard links are not possible. Returns false when `path` exists.
 */
export async function createExclusive(
  path: string,
  text: string,
  hooks?: WriteHooks
): Promise<boolean> {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
  try {
    await writeSynced(tmp, text)
    await hooks?.afterTempWritten?.()
    try {
      await fs.link(tmp, path)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'EEXIST') return false
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw err
      try {
        await writeSynced(path, text)
      } catch (err2) {
        if ((err2 as NodeJS.ErrnoException).code === 'EEXIST') return false
        throw err2
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err
    throw ioError('save', path, err)
  } finally {
    await fs.rm(tmp, { force: true }).catch(() => undefined)
  }
  await fsyncDir(dirname(path))
  return true
}

/**
 * Creates `path` (O_EXCL, mode 0600) holding `text`, flushed to disk. When writing fails (a full
 * disk) the half-written file is removed: a partial vault.json would read as a damaged vault.
 */
async function writeSynced(path: string, text: string): Promise<void> {
  const handle = await fs.open(path, 'wx', 0o600)
  try {
    await handle.writeFile(text, 'utf8')
    await handle.sync()
  } catch (err) {
    await handle.close().catch(() => undefined)
    await fs.rm(path, { force: true }).catch(() => undefined)
    throw err
  }
  await handle.close()
}

async function keepBackup(path: string, backup: string): Promise<void> {
  const tmp = `${backup}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
  try {
    await fs.link(path, tmp)
  } catch {
    // No hard links on this file system: copy instead (and flush the copy).
    await fs.copyFile(path, tmp)
    const h = await fs.open(tmp, 'r+')
    try {
      await h.sync()
    } finally {
      await h.close()
    }
  }
  try {
    // a vault copied back by hand may carry the umask's 0644; the backup stays private
    if (process.platform !== 'win32') await fs.chmod(tmp, 0o600).catch(() => undefined)
    await fs.rename(tmp, backup)
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined)
    throw err
  }
}

/**
 * Removes temp files a killed process left behind beside `path` (`<path>.tmp-<pid>-<hex>` and
 * those of names starting with it, such as the backup's); never the vault or its backup.
 */
export async function removeLeftoverTemps(path: string): Promise<void> {
  const dir = dirname(path)
  let names: string[]
  try {
    names = await fs.readdir(dir)
  } catch {
    return
  }
  const base = path.slice(dir.length + 1)
  for (const name of names) {
    const m = /\.tmp-(\d+)-[0-9a-f]{8}$/.exec(name)
    if (!m || !name.startsWith(base)) continue
    const pid = Number(m[1])
    if (pid !== process.pid && !isAlive(pid))
      await fs.rm(`${dir}/${name}`, { force: true }).catch(() => undefined)
  }
}

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

function isAlive(pid: number): boolean {
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
  return info.host === hostname() && info.pid !== process.pid && !isAlive(info.pid)
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
