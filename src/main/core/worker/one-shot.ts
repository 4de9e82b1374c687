import { Worker } from 'node:worker_threads'
import type { AppError } from '../../../shared/errors'

/** The caller's errors for each way a one-shot worker can end without answering. */
export interface OneShotErrors {
  /** The thread could not be started (a broken install). */
  start: (cause: unknown) => AppError
  /** No answer within the time allowed; the thread is stopped. */
  timeout: () => AppError
  /** The thread threw outside the caller's own error handling. */
  crashed: (cause: unknown) => AppError
  /** The thread ended without answering. */
  exited: (code: number) => AppError
  /** `signal` aborted; the thread is stopped. */
  cancelled?: () => AppError
}

/**
 * Runs one request in a fresh worker thread and resolves with its one reply; the thread is
 * terminated as soon as the call settles: answered, timed out, aborted, crashed or exited. A heavy
 * decode (an image, an Argon2 key) cannot block main, and a stuck one is stopped and its memory
 * freed.
 */
export function runOneShot<Reply>(
  workerUrl: URL | string,
  request: unknown,
  opts: {
    timeoutMs: number
    errors: OneShotErrors
    signal?: AbortSignal
    transfer?: ArrayBuffer[]
  }
): Promise<Reply> {
  const { errors, signal } = opts
  return new Promise<Reply>((resolve, reject) => {
    if (signal?.aborted && errors.cancelled) {
      reject(errors.cancelled())
      return
    }
    let worker: Worker
    try {
      worker = new Worker(workerUrl)
    } catch (cause) {
      reject(errors.start(cause))
      return
    }
    let settled = false
    const finish = (fn: () => void): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      void worker.terminate()
      fn()
    }
    const onAbort = (): void => finish(() => reject(errors.cancelled?.()))
    if (errors.cancelled) signal?.addEventListener('abort', onAbort, { once: true })
    const timer = setTimeout(() => finish(() => reject(errors.timeout())), opts.timeoutMs)
    worker.once('message', (reply: Reply) => finish(() => resolve(reply)))
    worker.once('error', (cause) => finish(() => reject(errors.crashed(cause))))
    worker.once('exit', (code) => finish(() => reject(errors.exited(code))))
    worker.postMessage(request, opts.transfer ?? [])
  })
}
