/**
 * The photo corpus for the QR benchmark and tests: ZXing-C++'s test samples in
 * `../shared/corpora/qr-photos/` (phone photos, tilted, rotated, perspective, low resolution,
 * inverted, odd module styles), each image `N.png|jpg|webp` beside `N.txt` with the exact text it
 * holds. Read from where it lies, never copied into the repository.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { decodeImage } from '../src/main/core/image'
import type { PixelImage } from '../src/main/core/qr/grey'

/** Where the corpus lies (override with QR_PHOTOS_DIR). */
export const PHOTO_CORPUS_DIR = resolve(
  process.env.QR_PHOTOS_DIR ??
    join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'shared', 'corpora', 'qr-photos')
)

export interface PhotoCase {
  /** `qrcode-2/14.png` */
  name: string
  expected: string
  image: PixelImage
}

/** CRLF to LF and one trailing newline dropped, as the corpus manifest says to compare. */
export function normalizeQrText(s: string): string {
  return s.replace(/\r\n/g, '\n').replace(/\n$/, '')
}

/** Every image with an expected text, decoded to RGBA; [] when the corpus is not there. */
export async function loadPhotoCorpus(dir = PHOTO_CORPUS_DIR): Promise<PhotoCase[]> {
  if (!existsSync(dir)) return []
  const out: PhotoCase[] = []
  for (const set of readdirSync(dir).sort()) {
    const setDir = join(dir, set)
    if (!set.startsWith('qrcode-')) continue
    for (const f of readdirSync(setDir).sort()) {
      const m = /^(.*)\.(png|jpe?g|webp|gif)$/i.exec(f)
      if (!m) continue
      const txt = join(setDir, `${m[1]}.txt`)
      if (!existsSync(txt)) continue
      const image = await decodeImage(readFileSync(join(setDir, f)))
      out.push({
        name: `${set}/${f}`,
        expected: normalizeQrText(readFileSync(txt, 'utf8')),
        image
      })
    }
  }
  return out
}
