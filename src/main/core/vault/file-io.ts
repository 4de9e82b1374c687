import { randomBytes } from 'node:crypto'
import { promises as fs, constants as fsc } from 'node:fs'
import { dirname } from 'node:path'
import { AppError } from '../../../shared/errors'
import { isProcessAlive } from '../fs/file-lock'
import { ioError } from '../fs/files'
import { checkPrivateDir, checkReplaceable, openRegularFile } from '../fs/regular-file'

/**
 * Durable file primitives for the vault: an atomic replace that keeps the previous file as a
 * backup, an exclusive create, fingerprints of file versions. (The lock file every process takes
 * before it writes is in ../fs/file-lock.)
 */

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
  if (created !== undefined) return
  await checkPrivateDir(dir)
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
    // not followed if it is a link, not waited on if it is a pipe: refused with IO instead
    handle = await openRegularFile(path, 'r')
    const st = await handle.stat({ bigint: true })
    const text = await handle.readFile('utf8')
    return { text, fingerprint: fingerprintOf(st) }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    if (err instanceof AppError) throw err
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
 *
 * With `backupText` the backup is not the previous file but that text (written, fsynced and
 * renamed into place before the vault): a re-key or a removed secret must not stay readable in
 * the backup. A crash in between leaves the old vault beside the new backup; both open.
 */
export async function atomicReplace(
  path: string,
  backup: string,
  text: string,
  hooks?: WriteHooks,
  backupText?: string
): Promise<void> {
  const dir = dirname(path)
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
  const tmpBackup = `${backup}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
  try {
    // A link would be hard-linked as the backup and chmod-ed through: refuse it (and pipes).
    await checkReplaceable(path)
    await writeSynced(tmp, text)
    if (backupText !== undefined) await writeSynced(tmpBackup, backupText)
    await hooks?.afterTempWritten?.()
    if (backupText !== undefined) await fs.rename(tmpBackup, backup)
    else if (await exists(path)) await keepBackup(path, backup)
    await fs.rename(tmp, path)
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined)
    await fs.rm(tmpBackup, { force: true }).catch(() => undefined)
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
    if (pid !== process.pid && !isProcessAlive(pid))
      await fs.rm(`${dir}/${name}`, { force: true }).catch(() => undefined)
  }
}
