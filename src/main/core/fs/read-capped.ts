import { constants as fsc } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { AppError } from '../../../shared/errors'

const NONBLOCK = fsc.O_NONBLOCK ?? 0

/** What a caller of {@link readUserFile} says about the file it asks for. */
export interface UserFileRead {
  /** The largest file read, in bytes; a bigger one is refused before reading. */
  cap: number
  /** The error for a file over `cap` (its code and words are the caller's: backup, image...). */
  tooLarge: (size: number) => AppError
  /** What the user should choose instead of a folder or a device: "the backup file itself". */
  choose: string
  /** How messages name the file: the path as typed (default) or, in the app, its name. */
  label?: string
}

/**
 * Reads a file the user named or picked (an import backup, an image to scan), the one way every
 * caller does it, with one error code per situation:
 *
 * - not there: NOT_FOUND;
 * - a folder, a pipe or a device (a FIFO or `/dev/zero` would be read forever): INVALID_INPUT,
 *   found without blocking (opened with O_NONBLOCK, then fstat);
 * - larger than `cap`: the caller's `tooLarge`, decided by its size before anything is read;
 * - unreadable (permissions, a disk error): INVALID_INPUT. Never IO: that is Tessera's own files
 *   (the CLI's exit 3, "vault or keychain"), and this file is the user's input.
 *
 * Reads at most `cap` bytes even when the file grows while it is read (the extra is noticed and
 * refused), so a file named by mistake cannot cost more memory than the cap.
 */
export async function readUserFile(path: string, opts: UserFileRead): Promise<Uint8Array> {
  const label = opts.label ?? path
  let handle: FileHandle
  try {
    handle = await open(path, fsc.O_RDONLY | NONBLOCK)
  } catch (cause) {
    throw openFailed(path, label, opts.choose, cause)
  }
  try {
    const st = await handle.stat()
    if (!st.isFile()) throw notRegular(path, label, opts.choose)
    if (st.size > opts.cap) throw opts.tooLarge(st.size)
    // One byte past what stat said (at most the cap's) tells a file that grew since.
    const buffer = Buffer.alloc(Math.min(opts.cap, st.size) + 1)
    let filled = 0
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    if (filled > opts.cap) throw opts.tooLarge(filled)
    return buffer.subarray(0, filled)
  } catch (cause) {
    if (cause instanceof AppError) throw cause
    throw unreadable(path, label, cause)
  } finally {
    await handle.close().catch(() => undefined)
  }
}

function openFailed(path: string, label: string, choose: string, cause: unknown): AppError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new AppError(
      'NOT_FOUND',
      `There is no file at ${label}. Check the path and try again.`,
      {
        cause,
        details: { path }
      }
    )
  }
  if (code === 'EISDIR') return notRegular(path, label, choose)
  return unreadable(path, label, cause)
}

function notRegular(path: string, label: string, choose: string): AppError {
  return new AppError(
    'INVALID_INPUT',
    `${label} is not a regular file (it is a folder, a pipe or a device). Choose ${choose}.`,
    { details: { path } }
  )
}

function unreadable(path: string, label: string, cause: unknown): AppError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code
  return new AppError(
    'INVALID_INPUT',
    `Tessera cannot read ${label}${code ? ` (${code})` : ''}. Check that it is a file you may open.`,
    { cause, details: { path } }
  )
}
