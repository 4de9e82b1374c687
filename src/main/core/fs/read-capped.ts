import { open } from 'node:fs/promises'
import { basename } from 'node:path'
import { AppError } from '../../../shared/errors'

/**
 * Reads a file the user picked, refusing it by its size before reading when it is over `cap`
 * (`tooLarge` says why in the caller's words). Reads at most the size `stat` reported, so a
 * file that grows meanwhile cannot make it read more. An unopenable file is IO.
 */
export async function readFileCapped(
  path: string,
  cap: number,
  tooLarge: (size: number) => AppError
): Promise<Uint8Array> {
  let handle
  try {
    handle = await open(path, 'r')
  } catch (err) {
    throw new AppError('IO', `Tessera cannot read ${basename(path)}. Check that you may open it.`, {
      cause: err
    })
  }
  try {
    const { size } = await handle.stat()
    if (size > cap) throw tooLarge(size)
    const buffer = Buffer.alloc(size)
    const { bytesRead } = await handle.read(buffer, 0, size, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}
