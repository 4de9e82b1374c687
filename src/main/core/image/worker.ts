/**
 * Worker entry of {@link createOffThreadImageDecoder}: decodes one image and answers once, handing
 * the pixels' buffer over without a copy.
 */
import { parentPort } from 'node:worker_threads'
import { toErrorShape } from '../../../shared/errors'
import { decodeImage } from './index'
import type { ImageWorkerReply, ImageWorkerRequest } from './off-thread'

const port = parentPort
if (port) {
  port.once('message', (request: ImageWorkerRequest) => {
    void decodeImage(request.bytes, request.limits).then(
      (img) => {
        // Hand over a buffer that holds exactly the pixels (a decoder may return a view).
        const data =
          img.data.byteOffset === 0 && img.data.byteLength === img.data.buffer.byteLength
            ? img.data
            : img.data.slice()
        const reply: ImageWorkerReply = {
          ok: true,
          width: img.width,
          height: img.height,
          order: img.order,
          data,
          ...(img.stride === undefined ? {} : { stride: img.stride })
        }
        port.postMessage(reply, [data.buffer as ArrayBuffer])
      },
      (err: unknown) =>
        port.postMessage({ ok: false, error: toErrorShape(err) } satisfies ImageWorkerReply)
    )
  })
}
