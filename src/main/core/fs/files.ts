/**
 * Small file helpers shared by the vault and the lock file: an IO error that says what to do,
 * and reading a text file that may not exist.
 */
import { promises as fs } from 'node:fs'
import { AppError } from '../../../shared/errors'

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

/** Reads a file as UTF-8, or null when it does not exist. */
export async function readIfExists(path: string): Promise<string | null> {
  try {
    return await fs.readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw ioError('read', path, err)
  }
}
