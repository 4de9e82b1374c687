/**
 * Small file helpers shared by the vault and the lock file: an IO error that says what to do,
 * and reading a text file that may not exist.
 */
import { readRegularFile } from './regular-file'

export { ioError } from './regular-file'

/**
 * Reads a file as UTF-8, or null when it does not exist. A symbolic link, a pipe or a device is
 * refused with IO, never followed or waited on (see ./regular-file).
 */
export async function readIfExists(path: string): Promise<string | null> {
  return readRegularFile(path)
}
