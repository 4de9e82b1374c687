/**
 * Child process of the image bomb tests (run through test/helpers/bounded-run.ts): builds one
 * hostile image, decodes it with Tessera's decoder and prints one JSON line with the outcome,
 * the decode time and the process's peak memory.
 *
 *   decode-child.ts png <inflatedMiB> <interlaced 0|1>
 *   decode-child.ts jpeg <side> <repeatLastScan>
 *   decode-child.ts off-thread-png <inflatedMiB> <interlaced 0|1>
 */
import { decodeImage } from '../../src/main/core/image'
import { createOffThreadImageDecoder } from '../../src/main/core/image/off-thread'
import { pngInflateBomb, progressiveJpeg } from './hostile-images'

const [kind = '', a = '0', b = '0'] = process.argv.slice(2)
const bytes = kind.endsWith('png')
  ? pngInflateBomb({ inflatedMiB: Number(a), interlaced: b === '1' })
  : progressiveJpeg({ width: Number(a), height: Number(a), repeatLastScan: Number(b) })
const decode = kind.startsWith('off-thread') ? createOffThreadImageDecoder() : decodeImage
const started = performance.now()
let outcome: { code: string; message?: string; width?: number; height?: number }
try {
  const img = await decode(bytes)
  outcome = { code: 'OK', width: img.width, height: img.height }
} catch (err) {
  const e = err as { code?: unknown; message?: unknown }
  outcome = { code: String(e.code ?? 'THROWN'), message: String(e.message) }
}
const ms = Math.round(performance.now() - started)
const maxRssMiB = Math.round(process.resourceUsage().maxRSS / 1024)
process.stdout.write(JSON.stringify({ ...outcome, fileBytes: bytes.length, ms, maxRssMiB }) + '\n')
