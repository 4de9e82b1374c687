/**
 * Small file helpers shared by the vault and the lock file: an IO error that says what to do,
 * and reading a text file that may not exist.
 */
import { AppError } from '../../../shared/errors'
import { readRegularFile } from './regular-file'

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

/**
 * Reads a file as UTF-8, or null when it does not exist. A symbolic link, a pipe or a device is
 * refused with IO, never followed or waited on (see ./regular-file).
 */
export async function readIfExists(path: string): Promise<string | null> {
  return readRegularFile(path)
}
