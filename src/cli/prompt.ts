import { AppError } from '../shared/errors'

/**
 * Reads a line from a TTY without echoing it. Ctrl-C, Ctrl-D on an empty line, or the terminal
 * closing before Enter cancel.
 */
export function promptHidden(
  prompt: string,
  stdin: NodeJS.ReadStream,
  stderr: NodeJS.WritableStream
): Promise<string> {
  return new Promise((resolve, reject) => {
    const wasRaw = stdin.isRaw
    // echo off before the prompt shows: a password typed (or auto-typed) at once stays hidden
    stdin.setRawMode(true)
    stderr.write(prompt)
    stdin.resume()
    stdin.setEncoding('utf8')
    let value = ''
    const cancel = () => done(new AppError('CANCELLED', 'Cancelled; nothing was changed.'))
    const done = (err: AppError | null) => {
      stdin.setRawMode(wasRaw)
      stdin.pause()
      stdin.removeListener('data', onData)
      stdin.removeListener('end', cancel)
      stderr.write('\n')
      if (err) reject(err)
      else resolve(value)
    }
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(null)
        if (ch === '\u0003' || (ch === '\u0004' && value === '')) return cancel()
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1)
        else if (ch >= ' ') value += ch
      }
    }
    stdin.on('data', onData)
    // without this the promise never settles and Node exits with 13 (unsettled top-level await)
    if (stdin.readableEnded) cancel()
    else stdin.once('end', cancel)
  })
}
