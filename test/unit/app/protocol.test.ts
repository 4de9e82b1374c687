import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../../src/main/app/csp'
import {
  APP_SCHEME_PRIVILEGES,
  appUrlToPath,
  resolveAssetPath,
  serveAppRequest
} from '../../../src/main/app/protocol'

const root = resolve('/srv/tessera/renderer')

describe('resolveAssetPath', () => {
  it.each([
    ['/', 'index.html'],
    ['/index.html', 'index.html'],
    ['/assets/index-abc123.js', 'assets/index-abc123.js'],
    ['/assets/./a.css', 'assets/a.css'],
    ['/assets/my%20file.png', 'assets/my file.png']
  ])('maps %s inside the renderer folder', (urlPath, rel) => {
    expect(resolveAssetPath(root, urlPath)).toBe(join(root, rel))
  })

  it.each([
    '/../secret.txt',
    '/assets/../../etc/passwd',
    '/%2e%2e/etc/passwd',
    '/%2E%2E%2Fetc%2Fpasswd',
    '/assets/%2e%2e/%2e%2e/x',
    '/..%5c..%5cwindows',
    '/a%00.html',
    '/%E0%A4%A',
    '/..'
  ])('refuses %s', (urlPath) => {
    expect(resolveAssetPath(root, urlPath)).toBeNull()
  })
})

describe('appUrlToPath', () => {
  it('serves only app://tessera/', () => {
    expect(appUrlToPath(root, 'app://tessera/index.html')).toBe(join(root, 'index.html'))
    expect(appUrlToPath(root, 'app://tessera')).toBe(join(root, 'index.html'))
    expect(appUrlToPath(root, 'app://tessera/x.js?v=1#top')).toBe(join(root, 'x.js'))
    expect(appUrlToPath(root, 'app://evil/index.html')).toBeNull()
    expect(appUrlToPath(root, 'file:///etc/passwd')).toBeNull()
    expect(appUrlToPath(root, 'https://tessera/index.html')).toBeNull()
    expect(appUrlToPath(root, 'not a url')).toBeNull()
  })

  it('catches traversal hidden from URL normalisation by percent-encoding', () => {
    expect(appUrlToPath(root, 'app://tessera/%2e%2e/%2e%2e/etc/passwd')).toBeNull()
    expect(appUrlToPath(root, 'app://tessera/assets/..%2f..%2fetc')).toBeNull()
  })
})

describe('serveAppRequest', () => {
  const files = new Map([[join(root, 'index.html'), new TextEncoder().encode('<!doctype html>')]])
  const readFile = async (path: string): Promise<Uint8Array> => {
    const body = files.get(path)
    if (!body) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' })
    return body
  }

  it('sends the file with its type and the CSP header', async () => {
    const res = await serveAppRequest(root, 'app://tessera/', readFile)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(await res.text()).toBe('<!doctype html>')
  })

  it('answers 404 (still with the CSP) for missing files and traversal, without reading them', async () => {
    const read: string[] = []
    const spy = async (path: string): Promise<Uint8Array> => {
      read.push(path)
      return readFile(path)
    }
    const missing = await serveAppRequest(root, 'app://tessera/nope.js', spy)
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    const escaped = await serveAppRequest(root, 'app://tessera/%2e%2e/%2e%2e/etc/passwd', spy)
    expect(escaped.status).toBe(404)
    expect(read).toEqual([join(root, 'nope.js')])
  })

  it('refuses methods other than GET and HEAD', async () => {
    const res = await serveAppRequest(root, 'app://tessera/', readFile, 'POST')
    expect(res.status).toBe(405)
  })
})

describe('APP_SCHEME_PRIVILEGES', () => {
  it('registers app:// as a standard secure scheme that does not bypass the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app')
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({
      standard: true,
      secure: true,
      bypassCSP: false,
      allowServiceWorkers: false
    })
  })
})
