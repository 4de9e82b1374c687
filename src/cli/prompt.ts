import { AppError } from '../shared/errors'

/**
 * Reads a line from a TTY without echoing it. Ctrl-C or Ctrl-D on an empty line cancel.
 */
export function promptHidden(
  prompt: string,
  stdin: NodeJS.ReadStream,
  stderr: NodeJS.WritableStream
): Promise<string> {
  return new Promise((resolve, reject) => {
    stderr.write(prompt)
    const wasRaw = stdin.isRaw
    stdin.setRawMode(true)
    stdin.resume()
    stdin.setEncoding('utf8')
    let value = ''
    const done = (err: AppError | null) => {
      stdin.setRawMode(wasRaw)
      stdin.pause()
      stdin.removeListener('data', onData)
      stderr.write('\n')
      if (err) reject(err)
      else resolve(value)
    }
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(null)
        if (ch === '\u0003' || (ch === '\u0004' && value === '')) {
          return done(new AppError('CANCELLED', 'Cancelled; nothing was changed.'))
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1)
        else if (ch >= ' ') value += ch
      }
    }
    stdin.on('data', onData)
  })
}
