/**
 * worker_threads entry: decodes one image per message with its own zxing-wasm instance.
 * Started by `createWorkerQrDecoder`; terminated after each scan to give the wasm heap back.
 */
import { parentPort } from 'node:worker_threads'
import { toErrorShape } from '../../../shared/errors'
import { decodeQrInImage, type DecodeOptions } from './decode'
import type { PixelImage } from './grey'
import { ZxingQrReader } from './zxing'

export interface WorkerRequest {
  id: number
  image: PixelImage
  options?: DecodeOptions
}

let readerPromise: Promise<ZxingQrReader> | undefined

parentPort?.on('message', (msg: WorkerRequest) => {
  void (async () => {
    try {
      readerPromise ??= ZxingQrReader.create()
      const reader = await readerPromise
      const codes = decodeQrInImage(reader, msg.image, msg.options)
      parentPort?.postMessage({ id: msg.id, ok: true, codes })
    } catch (err) {
      parentPort?.postMessage({ id: msg.id, ok: false, error: toErrorShape(err) })
    }
  })()
})
