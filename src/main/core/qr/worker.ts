/**
 * worker_threads entry: decodes one image per message with its own zxing-wasm instance.
 * Started by `createWorkerQrDecoder`; terminated after each scan to give the wasm heap back.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { toErrorShape } from '../../../shared/errors'
import { decodeQrInImage, type DecodeOptions } from './decode'
import type { PixelImage } from './grey'
import { useCompiledZxingWasm, ZxingQrReader } from './zxing'

export interface WorkerRequest {
  id: number
  image: PixelImage
  options?: DecodeOptions
  /** Decode a synthetic screen first, so the scan runs optimised code, not the interpreter. */
  warm?: boolean
}

/**
 * A fresh thread runs the grey conversion interpreted and zxing's wasm unoptimised; one pass over
 * a noisy 2400x1200 picture (both the half- and full-size paths) gets both compiled.
 */
function warmUp(reader: ZxingQrReader): void {
  const width = 2400
  const height = 1200
  const data = new Uint8Array(width * height * 4)
  let s = 0x9e3779b9
  for (let i = 0; i < data.length; i += 4) {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    const v = (i >> 6) % 3 === 0 ? s & 255 : 250
    data[i] = data[i + 1] = data[i + 2] = v
    data[i + 3] = 255
  }
  decodeQrInImage(reader, { width, height, order: 'bgra', data })
}

// The parent hands over zxing's wasm already compiled (see createWorkerQrDecoder).
const data: unknown = workerData
if (typeof data === 'object' && data !== null && 'zxingModule' in data && data.zxingModule) {
  useCompiledZxingWasm(data.zxingModule)
}

let readerPromise: Promise<ZxingQrReader> | undefined

parentPort?.on('message', (msg: WorkerRequest) => {
  void (async () => {
    try {
      readerPromise ??= ZxingQrReader.create()
      const reader = await readerPromise
      if (msg.warm) warmUp(reader)
      const codes = decodeQrInImage(reader, msg.image, msg.options)
      parentPort?.postMessage({ id: msg.id, ok: true, codes })
    } catch (err) {
      parentPort?.postMessage({ id: msg.id, ok: false, error: toErrorShape(err) })
    }
  })()
})
