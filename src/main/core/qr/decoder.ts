/**
 * The decoder behind a small interface, so the scan pipeline runs the same in a worker (the app:
 * one worker per display, in parallel, shut down after the scan) and in-process (tests, CLI).
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { AppError, type ErrorShape, isErrorCode } from '../../../shared/errors'
import { decodeQrInImage, type DecodedQr, type DecodeOptions } from './decode'
import type { PixelImage } from './grey'
import { ZxingQrReader } from './zxing'

export interface QrDecoder {
  /** Every QR code in the image. Rejects only with AppError. */
  decode(image: PixelImage): Promise<DecodedQr[]>
  /** Releases threads and memory; the decoder may not be used afterwards. */
  close(): Promise<void>
}

/** Decodes on the calling thread (tests, CLI, small images). */
export function createInProcessQrDecoder(options: DecodeOptions = {}): QrDecoder {
  let reader: Promise<ZxingQrReader> | undefined
  return {
    async decode(image) {
      reader ??= ZxingQrReader.create()
      return decodeQrInImage(await reader, image, options)
    },
    async close() {
      if (reader) (await reader).dispose()
      reader = undefined
    }
  }
}

export interface WorkerDecoderOptions extends DecodeOptions {
  /**
   * The worker script. Defaults to `worker.js`/`worker.ts` beside this module; a bundled app
   * passes the URL of its separately built worker entry.
   */
  workerUrl?: URL
  /**
   * Hand the pixel buffers to the worker instead of copying them (the caller's image is unusable
   * afterwards). Default false.
   */
  transfer?: boolean
  /** Give up on one image after this long. Default 30 s. */
  timeoutMs?: number
}

function defaultWorkerUrl(): { url: URL; execArgv: string[] } {
  const here = import.meta.url
  if (here.endsWith('.ts')) {
    // Running from source (tests, tsx): a bootstrap loads the TypeScript worker through tsx
    // (a loader flag in execArgv does not reach worker threads on Node 20).
    return { url: new URL('./worker-dev.mjs', here), execArgv: [] }
  }
  return { url: new URL('./worker.js', here), execArgv: [] }
}

interface WorkerReply {
  id: number
  ok: boolean
  codes?: DecodedQr[]
  error?: ErrorShape
}

/**
 * Decodes each image in its own worker thread, started for that image and terminated when it
 * is done, so several displays decode in parallel and the wasm heap is returned after a scan.
 */
export function createWorkerQrDecoder(options: WorkerDecoderOptions = {}): QrDecoder {
  const { workerUrl, transfer = false, timeoutMs = 30_000, ...decodeOptions } = options
  const live = new Set<Worker>()
  let closed = false
  const target = workerUrl ? { url: workerUrl, execArgv: [] as string[] } : defaultWorkerUrl()

  return {
    decode(image) {
      if (closed) return Promise.reject(new AppError('CANCELLED', 'The scan was closed.'))
      if (target.url.protocol === 'file:' && !existsSync(fileURLToPath(target.url))) {
        return Promise.reject(
          new AppError(
            'INTERNAL',
            'The QR decoder is missing from this installation. Reinstall Tessera.'
          )
        )
      }
      return new Promise<DecodedQr[]>((resolve, reject) => {
        const worker = new Worker(target.url, { execArgv: target.execArgv })
        live.add(worker)
        let settled = false
        const finish = (fn: () => void): void => {
          if (settled) return
          settled = true
          clearTimeout(timer)
          live.delete(worker)
          void worker.terminate()
          fn()
        }
        const timer = setTimeout(
          () =>
            finish(() =>
              reject(
                new AppError(
                  'TIMEOUT',
                  'Reading QR codes took too long. Try again with a smaller image.'
                )
              )
            ),
          timeoutMs
        )
        worker.on('message', (reply: WorkerReply) => {
          finish(() => {
            if (reply.ok) resolve(reply.codes ?? [])
            else {
              const e = reply.error
              reject(
                new AppError(
                  e && isErrorCode(e.code) ? e.code : 'INTERNAL',
                  e?.message ?? 'The QR decoder failed. Try again.'
                )
              )
            }
          })
        })
        worker.on('error', (cause) =>
          finish(() =>
            reject(
              new AppError('INTERNAL', 'The QR decoder stopped unexpectedly. Try again.', { cause })
            )
          )
        )
        worker.on('exit', () =>
          finish(() =>
            reject(new AppError('INTERNAL', 'The QR decoder stopped unexpectedly. Try again.'))
          )
        )
        const msg = { id: 1, image, options: decodeOptions }
        const buf = image.data.buffer
        if (transfer && buf instanceof ArrayBuffer) worker.postMessage(msg, [buf])
        else worker.postMessage(msg)
      })
    },
    async close() {
      closed = true
      await Promise.all([...live].map((w) => w.terminate()))
      live.clear()
    }
  }
}
