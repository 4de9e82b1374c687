import { describe, expect, it } from 'vitest'
import { isTrustedSender, originOf, type FrameLike } from '../../../src/main/app/sender'

const trusted = ['app://tessera']
const top = (url: string): FrameLike => ({ url, parent: null })

describe('isTrustedSender', () => {
  it('accepts our own top-level frame on app://tessera', () => {
    expect(isTrustedSender(top('app://tessera/index.html'), trusted)).toBe(true)
    expect(isTrustedSender(top('APP://Tessera/index.html#x'), trusted)).toBe(true)
  })

  it('refuses a sub-frame, even one on our origin', () => {
    const child: FrameLike = { url: 'app://tessera/index.html', parent: top('app://tessera/') }
    expect(isTrustedSender(child, trusted)).toBe(false)
  })

  it.each([
    'https://evil.example/',
    'file:///work/main/out/renderer/index.html',
    'app://tessera.evil/index.html',
    'app://other/index.html',
    'about:blank',
    'data:text/html,<script>1</script>',
    'http://127.0.0.1:5173/',
    ''
  ])('refuses a top-level frame on %s', (url) => {
    expect(isTrustedSender(top(url), trusted)).toBe(false)
  })

  it('refuses a missing frame (destroyed or navigated away during the call)', () => {
    expect(isTrustedSender(null, trusted)).toBe(false)
    expect(isTrustedSender(undefined, trusted)).toBe(false)
  })

  it('accepts the dev server only when it is listed', () => {
    expect(isTrustedSender(top('http://localhost:5173/'), trusted)).toBe(false)
    expect(
      isTrustedSender(top('http://localhost:5173/'), [...trusted, 'http://localhost:5173'])
    ).toBe(true)
  })
})

describe('originOf', () => {
  it('gives scheme://host for custom schemes, where URL.origin says "null"', () => {
    expect(new URL('app://tessera/x').origin).toBe('null')
    expect(originOf('app://tessera/x')).toBe('app://tessera')
    expect(originOf('http://127.0.0.1:4000/a')).toBe('http://127.0.0.1:4000')
    expect(originOf('about:blank')).toBeNull()
  })
})
