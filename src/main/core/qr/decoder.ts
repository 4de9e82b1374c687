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
import { type CompiledWasm, compileZxingWasm, ZxingQrReader } from './zxing'

export interface QrDecoder {
  /** Every QR code in the image. Rejects only with AppError. */
  decode(image: PixelImage): Promise<DecodedQr[]>
  /** Releases threads and memory; the decoder may not be used afterwards. */
  close(): Promise<void>
}

/** A decoder backed by worker threads. */
export interface WorkerQrDecoder extends QrDecoder {
  /**
   * Starts `count` workers and loads the wasm in them now (e.g. when the scan screen opens), so
   * the scan itself does not wait for thread start-up. Unused, they are terminated after 30 s
   * (or `keepAliveMs` if longer).
   */
  warm(count: number): Promise<void>
  /** Workers currently alive (busy or idle). */
  readonly liveWorkers: number
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
  /**
   * Keep an idle worker this long for the next image (a user scanning "code 2 of 3"), then
   * terminate it. Default 0: each worker is terminated as soon as its image is decoded.
   */
  keepAliveMs?: number
}

function defaultWorkerUrl(): URL {
  const here = import.meta.url
  // Running from source (tests, tsx): a bootstrap loads the TypeScript worker through tsx
  // (a loader flag in execArgv does not reach worker threads on Node 20).
  return new URL(here.endsWith('.ts') ? './worker-dev.mjs' : './worker.js', here)
}

interface WorkerReply {
  id: number
  ok: boolean
  codes?: DecodedQr[]
  error?: ErrorShape
}

/** How long warmed-up workers wait for the scan before they are terminated. */
const WARM_KEEP_MS = 30_000

const stopped = (): AppError =>
  new AppError('INTERNAL', 'The QR decoder stopped unexpectedly. Try again.')

/**
 * Decodes each image in a worker thread: images decode in parallel (one worker per display),
 * and workers are terminated when their image is done (or after `keepAliveMs` idle), so the
 * wasm heap is returned after a scan.
 */
export function createWorkerQrDecoder(options: WorkerDecoderOptions = {}): WorkerQrDecoder {
  const {
    workerUrl,
    transfer = false,
    timeoutMs = 30_000,
    keepAliveMs = 0,
    ...decodeOptions
  } = options
  const url = workerUrl ?? defaultWorkerUrl()
  const live = new Set<Worker>()
  const idle: { worker: Worker; timer: NodeJS.Timeout | undefined }[] = []
  let closed = false
  let nextId = 1

  const kill = (w: Worker): void => {
    live.delete(w)
    const i = idle.findIndex((e) => e.worker === w)
    if (i >= 0) {
      clearTimeout(idle[i]!.timer)
      idle.splice(i, 1)
    }
    void w.terminate()
  }

  const spawn = (zxingModule: CompiledWasm | undefined): Worker => {
    const w = new Worker(url, { workerData: { zxingModule } })
    live.add(w)
    // An idle worker that dies is simply forgotten.
    w.on('exit', () => kill(w))
    w.on('error', () => kill(w))
    return w
  }

  const release = (w: Worker, keepMs: number): void => {
    if (closed || keepMs <= 0 || !live.has(w)) return kill(w)
    const timer = setTimeout(() => kill(w), keepMs)
    timer.unref()
    idle.push({ worker: w, timer })
  }

  const run = (
    w: Worker,
    image: PixelImage,
    give: boolean,
    keepMs: number,
    warm = false
  ): Promise<DecodedQr[]> =>
    new Promise<DecodedQr[]>((resolve, reject) => {
      const id = nextId++
      let settled = false
      const cleanup = (): void => {
        settled = true
        clearTimeout(timer)
        w.off('message', onMessage)
        w.off('error', onError)
        w.off('exit', onExit)
      }
      const onMessage = (reply: WorkerReply): void => {
        if (settled || reply.id !== id) return
        cleanup()
        release(w, keepMs)
        if (reply.ok) return resolve(reply.codes ?? [])
        const e = reply.error
        reject(
          new AppError(
            e && isErrorCode(e.code) ? e.code : 'INTERNAL',
            e?.message ?? 'The QR decoder failed. Try again.'
          )
        )
      }
      const onError = (cause: unknown): void => {
        if (settled) return
        cleanup()
        kill(w)
        reject(
          new AppError('INTERNAL', 'The QR decoder stopped unexpectedly. Try again.', { cause })
        )
      }
      const onExit = (): void => {
        if (settled) return
        cleanup()
        kill(w)
        reject(closed ? new AppError('CANCELLED', 'The scan was closed.') : stopped())
      }
      const timer = setTimeout(() => {
        if (settled) return
        cleanup()
        kill(w)
        reject(
          new AppError('TIMEOUT', 'Reading QR codes took too long. Try again with a smaller image.')
        )
      }, timeoutMs)
      w.on('message', onMessage)
      w.on('error', onError)
      w.on('exit', onExit)
      const msg = warm
        ? { id, image, options: decodeOptions, warm }
        : { id, image, options: decodeOptions }
      const buf = image.data.buffer
      if (give && buf instanceof ArrayBuffer) w.postMessage(msg, [buf])
      else w.postMessage(msg)
    })

  // Compiled once here and shared with every worker; if that fails each worker compiles its own.
  const compiledModule = (): Promise<CompiledWasm | undefined> =>
    compileZxingWasm().catch(() => undefined)

  const missing = (): AppError | undefined =>
    url.protocol === 'file:' && !existsSync(fileURLToPath(url))
      ? new AppError(
          'INTERNAL',
          'The QR decoder is missing from this installation. Reinstall Tessera.'
        )
      : undefined

  return {
    get liveWorkers() {
      return live.size
    },
    decode(image) {
      if (closed) return Promise.reject(new AppError('CANCELLED', 'The scan was closed.'))
      const err = missing()
      if (err) return Promise.reject(err)
      const reuse = idle.pop()
      if (reuse) {
        clearTimeout(reuse.timer)
        return run(reuse.worker, image, transfer, keepAliveMs)
      }
      return compiledModule().then((mod) => {
        if (closed) throw new AppError('CANCELLED', 'The scan was closed.')
        return run(spawn(mod), image, transfer, keepAliveMs)
      })
    },
    async warm(count) {
      if (closed || missing()) return
      const tiny: PixelImage = { width: 1, height: 1, order: 'rgba', data: new Uint8Array(4) }
      const mod = await compiledModule()
      const started: Worker[] = []
      for (let i = idle.length; i < count; i++) started.push(spawn(mod))
      await Promise.all(
        started.map(async (w) => {
          // Loads the wasm and runs a warm-up decode; the worker then waits idle for the scan.
          try {
            await run(w, tiny, false, Math.max(keepAliveMs, WARM_KEEP_MS), true)
          } catch {
            // a worker that failed to start is already gone; the next decode starts a new one
          }
        })
      )
    },
    async close() {
      closed = true
      for (const e of idle.splice(0)) clearTimeout(e.timer)
      await Promise.all([...live].map((w) => w.terminate()))
      live.clear()
    }
  }
}
