/**
 * Opening Tessera's own files (vault, backup, audit log, device settings) without following a
 * symbolic link and without blocking on a pipe or device.
 *
 * The data folder is private, but a link inside it can point anywhere: a linked `vault.json` was
 * replaced and its outside target chmod-ed, the audit log appended to whatever its link named,
 * and a FIFO named `vault.json` made every command wait forever. So each file is opened with
 * O_NOFOLLOW (a link fails instead of being followed) and O_NONBLOCK (a FIFO opens at once), and
 * what was opened must be a regular file. Where the system has no O_NOFOLLOW (Windows), the
 * path is checked with lstat first.
 */
import { constants as fsc, fstatSync, lstatSync, openSync, readFileSync, closeSync } from 'node:fs'
import { lstat, open, stat, type FileHandle } from 'node:fs/promises'
import { AppError } from '../../../shared/errors'

const NOFOLLOW = fsc.O_NOFOLLOW ?? 0
const NONBLOCK = fsc.O_NONBLOCK ?? 0

/** IO: `path` is a symbolic link. */
export function symlinkRefused(path: string): AppError {
  return new AppError(
    'IO',
    `${path} is a symbolic link. Tessera does not follow links in its data folder (a link could ` +
      'point its files anywhere). Replace the link with the file itself, or move it out of the folder.',
    { details: { path, symlink: true } }
  )
}

/** IO: `path` is a pipe, a device, a socket or a folder. */
export function notRegularRefused(path: string): AppError {
  return new AppError(
    'IO',
    `${path} is not a regular file (it is a pipe, a device or a folder). Move it out of the data ` +
      'folder; Tessera keeps only its own files there.',
    { details: { path } }
  )
}

/** IO for `action` on `path`, with the system's error code and what the user can check. */
export function ioError(action: string, path: string, err: unknown): AppError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? 'unknown'
  return new AppError(
    'IO',
    `Could not ${action} ${path} (${code}). Check that the disk is not full and that you own ` +
      'the folder, then try again.',
    { cause: err, details: { path } }
  )
}

const isLinkError = (err: unknown): boolean => {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  // Linux and macOS answer ELOOP for O_NOFOLLOW on a link; FreeBSD answers EMLINK.
  return code === 'ELOOP' || code === 'EMLINK'
}

/**
 * Opens `path` (flags as for fs.open, e.g. 'r', 'a+') refusing links and anything that is not
 * a regular file. A missing file rejects with the system's ENOENT error, unchanged, so callers
 * can treat "not there" as they did before.
 *
 * @throws AppError IO for a symbolic link, a pipe, device or folder, or any other open failure.
 */
export async function openRegularFile(
  path: string,
  flags: 'r' | 'a' | 'a+' = 'r',
  mode = 0o600
): Promise<FileHandle> {
  const base =
    flags === 'r'
      ? fsc.O_RDONLY
      : (flags === 'a+' ? fsc.O_RDWR : fsc.O_WRONLY) | fsc.O_APPEND | fsc.O_CREAT
  if (NOFOLLOW === 0) {
    // No O_NOFOLLOW here: look first (a race with the owner's own process only).
    try {
      if ((await lstat(path)).isSymbolicLink()) throw symlinkRefused(path)
    } catch (err) {
      if (err instanceof AppError) throw err
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && flags === 'r') throw err
    }
  }
  let fh: FileHandle
  try {
    fh = await open(path, base | NOFOLLOW | NONBLOCK, mode)
  } catch (err) {
    if (isLinkError(err)) throw symlinkRefused(path)
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw err
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') throw notRegularRefused(path)
    throw ioError('open', path, err)
  }
  try {
    const st = await fh.stat()
    if (!st.isFile()) throw notRegularRefused(path)
  } catch (err) {
    await fh.close().catch(() => undefined)
    if (err instanceof AppError) throw err
    throw ioError('read', path, err)
  }
  return fh
}

/**
 * Reads `path` as UTF-8 through {@link openRegularFile}, or null when it does not exist.
 *
 * @throws AppError IO for a link, a non-regular file or a read failure.
 */
export async function readRegularFile(path: string): Promise<string | null> {
  let fh: FileHandle
  try {
    fh = await openRegularFile(path, 'r')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  try {
    return await fh.readFile('utf8')
  } catch (err) {
    throw ioError('read', path, err)
  } finally {
    await fh.close().catch(() => undefined)
  }
}

/**
 * {@link readRegularFile} for start-up code that cannot wait (device settings): synchronous.
 *
 * @throws AppError IO as readRegularFile.
 */
export function readRegularFileSync(path: string): string | null {
  if (NOFOLLOW === 0) {
    try {
      if (lstatSync(path).isSymbolicLink()) throw symlinkRefused(path)
    } catch (err) {
      if (err instanceof AppError) throw err
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    }
  }
  let fd: number
  try {
    fd = openSync(path, fsc.O_RDONLY | NOFOLLOW | NONBLOCK)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    if (isLinkError(err)) throw symlinkRefused(path)
    throw ioError('open', path, err)
  }
  try {
    if (!fstatSync(fd).isFile()) throw notRegularRefused(path)
    return readFileSync(fd, 'utf8')
  } finally {
    closeSync(fd)
  }
}

/**
 * The lstat-based check for a path about to be replaced: refuses a link or a non-regular file
 * (renaming over a link is safe, but hard-linking and chmod-ing it as the backup is not).
 * Missing is fine.
 *
 * @throws AppError IO for a link or a non-regular file.
 */
export async function checkReplaceable(path: string): Promise<void> {
  let st: import('node:fs').Stats
  try {
    st = await lstat(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
    throw ioError('read', path, err)
  }
  if (st.isSymbolicLink()) throw symlinkRefused(path)
  if (!st.isFile()) throw notRegularRefused(path)
}

/**
 * Checks a data folder that already exists, as on every open: a folder (a link to one is fine:
 * people keep their config in dotfile repositories), and not writable by other users (they
 * could swap the vault for their own). Group-writable is accepted when the group is the user's
 * own primary group (Debian and Ubuntu give every user a private group and umask 002).
 *
 * @throws AppError IO naming the mode and the `chmod` that fixes it, or when it is not a folder.
 */
export async function checkPrivateDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  let st: import('node:fs').Stats
  try {
    st = await stat(dir)
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
