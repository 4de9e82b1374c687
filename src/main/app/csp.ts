/**
 * The renderer's Content-Security-Policy. Sent as a response header by the app:// protocol (and
 * by the e2e harness's server), so the same policy guards the UI in Electron and under test.
 */

/** Directive → sources. Nothing is allowed unless named here (`default-src 'none'`). */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  // Our own bundles only; 'wasm-unsafe-eval' lets the QR decoder compile its WebAssembly. No
  // 'unsafe-eval', no 'unsafe-inline'.
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  'font-src': ["'self'"],
  // The renderer talks to main over IPC, never the network; 'self' lets it fetch its own assets
  // (e.g. the QR decoder's .wasm).
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'manifest-src': ["'none'"],
  'media-src': ["'none'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'child-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"]
}

export function buildCsp(
  directives: Readonly<Record<string, readonly string[]>> = CSP_DIRECTIVES
): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ')
}

export const CONTENT_SECURITY_POLICY = buildCsp()

/** Headers sent with every renderer response, CSP included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin'
}
