/**
 * Worker entry of {@link createOffThreadImport}: reads one backup and answers once. Only plain
 * data crosses back (accounts, or an error's code, message and details).
 */
import { parentPort } from 'node:worker_threads'
import { toErrorShape } from '../../../shared/errors'
import { importFile } from './index'
import type { OffThreadReply, OffThreadRequest } from './off-thread'

const port = parentPort
if (port) {
  port.once('message', (request: OffThreadRequest) => {
    void importFile(request.bytes, request.options).then(
      (result) => port.postMessage({ ok: true, result } satisfies OffThreadReply),
      (err: unknown) =>
        port.postMessage({ ok: false, error: toErrorShape(err) } satisfies OffThreadReply)
    )
  })
}
