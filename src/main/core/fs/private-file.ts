import { open } from 'node:fs/promises'

/**
 * Writes `text` to `path` readable by the owner only, for exports and logs that are as
 * sensitive as the vault. `writeFile`'s `mode` applies only when it creates the file: over an
 * existing 0644 file every secret would land world-readable. Here the file is truncated, its
 * mode set on the open handle, and only then is the first byte written.
 */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const fh = await open(path, 'w', 0o600)
  try {
    await fh.chmod(0o600)
    await fh.writeFile(text, 'utf8')
    await fh.sync()
  } finally {
    await fh.close()
  }
}
