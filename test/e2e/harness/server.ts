/**
 * A tiny static server for the built renderer on 127.0.0.1, with the same path resolution and
 * the same security headers (CSP included) as the app:// protocol in Electron.
 */
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SECURITY_HEADERS } from '../../../src/main/app/csp'
import { contentTypeFor, resolveAssetPath } from '../../../src/main/app/protocol'

export interface StaticServer {
  url: string
  /** Every path the page asked for, in order. */
  requested: string[]
  close(): Promise<void>
}

export async function startStaticServer(rootDir: string): Promise<StaticServer> {
  const requested: string[] = []
  const server = createServer((req, res) => {
    const rawPath = (req.url ?? '/').split(/[?#]/)[0] ?? '/'
    requested.push(rawPath)
    const path =
      req.method === 'GET' || req.method === 'HEAD' ? resolveAssetPath(rootDir, rawPath) : null
    const fail = (status: number) => {
      res.writeHead(status, { ...SECURITY_HEADERS })
      res.end()
    }
    if (path === null) return fail(404)
    readFile(path).then(
      (body) => {
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': contentTypeFor(path) })
        res.end(req.method === 'HEAD' ? undefined : body)
      },
      () => fail(404)
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requested,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
