import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UCloudClient } from '../../../src/main/core/enroll/clients'

/** Generates a self-signed certificate for 127.0.0.1 with openssl, at test time. */
function selfSigned(dir: string): { key: Buffer; cert: Buffer } | undefined {
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1'
      ],
      { stdio: 'ignore' }
    )
  } catch {
    return undefined
  }
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }
}

describe('TLS is verified and never bypassed', () => {
  let dir: string
  let server: Server | undefined
  let url = ''
  let hits = 0
  let skipReason: string | undefined

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-tls-'))
    const pair = selfSigned(dir)
    if (!pair) {
      skipReason = 'openssl is not installed, so no self-signed certificate can be made'
      return
    }
    server = createServer(pair, (_req, res) => {
      hits++
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"connected":true}')
    })
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()))
    rmSync(dir, { recursive: true, force: true })
  })

  it('a self-signed https server gives TLS, and the server never sees a request', async (ctx) => {
    if (skipReason) {
      console.warn(`skipped: ${skipReason}`)
      ctx.skip()
    }
    const client = new UCloudClient({ baseUrl: url, token: 'secret-token' }, { timeoutMs: 5_000 })
    const err = await client.status().then(
      () => undefined,
      (e: unknown) => e as { code?: string; message?: string; details?: Record<string, unknown> }
    )
    expect(err?.code).toBe('TLS')
    expect(err?.message).toMatch(/certificate could not be verified/)
    expect(err?.details?.delivery).toBe('not-sent')
    expect(hits).toBe(0)
  })
})
