import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../../src/main/app/csp'

/** Parses a CSP header into directive → sources. */
function parse(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>()
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (name) map.set(name, sources)
  }
  return map
}

describe('Content-Security-Policy', () => {
  const csp = parse(CONTENT_SECURITY_POLICY)

  it("denies everything by default (default-src 'none')", () => {
    expect(csp.get('default-src')).toEqual(["'none'"])
  })

  it("allows scripts from the app only, plus 'wasm-unsafe-eval' for the QR decoder", () => {
    expect(csp.get('script-src')?.sort()).toEqual(["'self'", "'wasm-unsafe-eval'"].sort())
  })

  it('never allows inline code, eval, remote hosts or wildcards', () => {
    for (const [name, sources] of csp) {
      for (const source of sources) {
        expect(source, `${name} ${source}`).not.toMatch(
          /^'unsafe-(?:inline|eval|hashes)'$|\*|https?:|data:|blob:/
        )
      }
    }
  })

  it('takes styles, images, fonts and connections only from the app', () => {
    for (const name of ['style-src', 'img-src', 'font-src', 'connect-src']) {
      expect(csp.get(name), name).toEqual(["'self'"])
    }
  })

  it('forbids plugins, frames, <base> and form posts', () => {
    for (const name of ['object-src', 'frame-src', 'frame-ancestors', 'base-uri', 'form-action']) {
      expect(csp.get(name), name).toEqual(["'none'"])
    }
  })

  it('is part of the headers sent with every renderer response', () => {
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(SECURITY_HEADERS['X-Content-Type-Options']).toBe('nosniff')
  })
})
