/**
 * The app:// protocol the renderer is served from (never file://). Path resolution and response
 * building are pure functions over an injected file reader, so unit tests cover traversal and
 * headers without Electron; `src/main/app/window.ts` wires them to `protocol.handle`.
 */
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import type { CustomScheme } from 'electron'
import { SECURITY_HEADERS } from './csp'

export const APP_SCHEME = 'app'
export const APP_HOST = 'tessera'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * Registered before `app.ready`: a standard, secure scheme (so the page gets a real origin, CSP
 * 'self' and secure-context APIs), able to fetch its own assets, with no service workers.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    codeCache: true,
    allowServiceWorkers: false,
    bypassCSP: false,
    // Off: our own pages load same-origin (module scripts included) without it, and leaving it
    // off keeps app:// unreadable from any other origin.
    corsEnabled: false,
    stream: false
  }
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8'
}

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * Maps a URL path (as sent, still percent-encoded) to a file under `rootDir`, or null when it
 * would leave `rootDir` or is malformed: `..` segments (also percent-encoded), backslashes, NUL,
 * or bad percent-encoding. `/` maps to `index.html`.
 */
export function resolveAssetPath(rootDir: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.')
  if (segments.some((s) => s === '..')) return null
  if (segments.length === 0) segments.push('index.html')
  const root = resolve(rootDir)
  const target = resolve(root, ...segments)
  const rel = relative(root, target)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    return null
  }
  return target
}

/** The file an app:// URL names, or null when the URL is not ours or escapes `rootDir`. */
export function appUrlToPath(rootDir: string, url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null
  // Take the path as sent (before URL normalised dot segments) so `%2e%2e` is caught too.
  const authorityStart = url.indexOf('//') + 2
  const pathStart = url.indexOf('/', authorityStart)
  const rawPath = pathStart < 0 ? '/' : (url.slice(pathStart).split(/[?#]/)[0] ?? '/')
  return resolveAssetPath(rootDir, rawPath)
}

export type ReadFile = (path: string) => Promise<Uint8Array>

/** The response for one renderer request: the file with CSP and friends, or a bare 404. */
export async function serveAppRequest(
  rootDir: string,
  url: string,
  readFile: ReadFile,
  method = 'GET'
): Promise<Response> {
  if (method !== 'GET' && method !== 'HEAD') {
    return new Response(null, { status: 405, headers: { ...SECURITY_HEADERS } })
  }
  const path = appUrlToPath(rootDir, url)
  if (path === null) return new Response(null, { status: 404, headers: { ...SECURITY_HEADERS } })
  let body: Uint8Array
  try {
    body = await readFile(path)
  } catch {
    return new Response(null, { status: 404, headers: { ...SECURITY_HEADERS } })
  }
  return new Response(method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeFor(path) }
  })
}
