import { describe, expect, it } from 'vitest'
import {
  isLoopbackHost,
  normalizeBaseUrl,
  SERVERS_COLLECTION,
  toServerView,
  VaultServerStore,
  type VaultCollections
} from '../../../src/main/core/servers'
import { MemoryServerStore } from '../../helpers/memory-server-store'

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    return (e as { code?: string }).code
  }
  return undefined
}

describe('server base URLs', () => {
  it.each([
    ['https://cloud.sdu.dk', 'https://cloud.sdu.dk'],
    ['https://cloud.sdu.dk/', 'https://cloud.sdu.dk'],
    ['  https://Vantage.Example.org:8443/base/ ', 'https://vantage.example.org:8443/base'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://127.1.2.3/x', 'http://127.1.2.3/x'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://[::1]:9000/', 'http://[::1]:9000'],
    // Other spellings of loopback are read as the URL parser (and so fetch) reads them.
    ['http://0x7f.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://[0:0:0:0:0:0:0:1]', 'http://[::1]'],
    ['http://127.0.0.1\\@evil.com', 'http://127.0.0.1/@evil.com']
  ])('accepts %s as %s', (input, out) => {
    expect(normalizeBaseUrl(input)).toBe(out)
  })

  it.each([
    ['http://cloud.sdu.dk', 'INSECURE_URL'],
    ['http://10.0.0.1', 'INSECURE_URL'],
    ['http://128.0.0.1', 'INSECURE_URL'],
    ['http://localhost.evil.com', 'INSECURE_URL'],
    ['http://127.0.0.1.evil.com', 'INSECURE_URL'],
    ['http://127.0.0.1%2eevil.com', 'INSECURE_URL'],
    ['http://127.0.0.1:80@evil.com', 'INSECURE_URL'],
    ['http://evil.com\\@127.0.0.1', 'INSECURE_URL'],
    // Loopback in spirit, refused anyway: plain http is for the obvious spellings only.
    ['http://localhost.', 'INSECURE_URL'],
    ['http://[::ffff:127.0.0.1]', 'INSECURE_URL'],
    ['http://user:pw@127.0.0.1', 'INVALID_INPUT'],
    ['http://127.0.0.1#@evil.com', 'INVALID_INPUT'],
    ['ftp://cloud.sdu.dk', 'INVALID_INPUT'],
    ['cloud.sdu.dk', 'INVALID_INPUT'],
    ['https://user:pw@cloud.sdu.dk', 'INVALID_INPUT'],
    ['https://cloud.sdu.dk/?x=1', 'INVALID_INPUT']
  ])('refuses %s with %s', (input, code) => {
    expect(codeOf(() => normalizeBaseUrl(input))).toBe(code)
  })

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '127.255.0.9', 'localhost', '[::1]', '::1'].every(isLoopbackHost)).toBe(
      true
    )
    expect(
      ['128.0.0.1', '1.127.0.0.1', 'localhost.com', '::2', '0.0.0.0'].some(isLoopbackHost)
    ).toBe(false)
  })
})

class FakeVault implements VaultCollections {
  data = new Map<string, unknown[]>()
  writes = 0
  readCollection(name: string): unknown[] {
    return structuredClone(this.data.get(name) ?? [])
  }
  async writeCollection(name: string, items: Array<{ id: string }>): Promise<void> {
    this.writes++
    this.data.set(name, structuredClone(items))
  }
}

describe.each([
  ['memory', () => ({ store: new MemoryServerStore(() => 1000), vault: undefined })],
  [
    'vault',
    () => {
      const vault = new FakeVault()
      return { store: new VaultServerStore(vault, () => 1000), vault }
    }
  ]
])('%s server store', (_name, make) => {
  it('adds, finds by name, edits and removes profiles', async () => {
    const { store } = make()
    const a = await store.add({
      name: 'UCloud SDU',
      type: 'ucloud',
      baseUrl: 'https://cloud.sdu.dk/',
      token: ' tok-1 '
    })
    expect(a).toMatchObject({ name: 'UCloud SDU', baseUrl: 'https://cloud.sdu.dk', token: 'tok-1' })
    expect(store.getByName('ucloud sdu')?.id).toBe(a.id)
    const b = await store.update(a.id, { token: 'tok-2', name: 'SDU' })
    expect(b.token).toBe('tok-2')
    expect(store.get(a.id)?.name).toBe('SDU')
    await store.remove(a.id)
    expect(store.list()).toEqual([])
    await expect(store.remove(a.id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('refuses a duplicate name (case-insensitive), a bad URL and an empty token', async () => {
    const { store } = make()
    await store.add({ name: 'v', type: 'vantage', baseUrl: 'https://v.example', token: 't' })
    await expect(
      store.add({ name: 'V', type: 'vantage', baseUrl: 'https://v.example', token: 't' })
    ).rejects.toMatchObject({ code: 'DUPLICATE' })
    await expect(
      store.add({ name: 'w', type: 'vantage', baseUrl: 'http://v.example', token: 't' })
    ).rejects.toMatchObject({ code: 'INSECURE_URL' })
    await expect(
      store.add({ name: 'w', type: 'vantage', baseUrl: 'https://v.example', token: '  ' })
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(
      store.add({ name: 'w', type: 'okta' as 'ucloud', baseUrl: 'https://v.example', token: 't' })
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect(store.list()).toHaveLength(1)
  })

  it('keeps the token out of the view', async () => {
    const { store } = make()
    const p = await store.add({
      name: 'x',
      type: 'ucloud',
      baseUrl: 'https://x.example',
      token: 'very-secret-token'
    })
    const view = toServerView(p)
    expect(JSON.stringify(view)).not.toContain('very-secret-token')
    expect(view.hasToken).toBe(true)
  })
})

describe('vault-backed server store', () => {
  it('keeps profiles, tokens included, in the vault "servers" collection, one write per change', async () => {
    const vault = new FakeVault()
    const store = new VaultServerStore(vault)
    await store.add({ name: 'x', type: 'ucloud', baseUrl: 'https://x.example', token: 'tok' })
    expect(vault.writes).toBe(1)
    expect(vault.data.get(SERVERS_COLLECTION)).toEqual([
      expect.objectContaining({ name: 'x', token: 'tok', type: 'ucloud' })
    ])
    // a second store over the same vault sees it
    expect(new VaultServerStore(vault).getByName('x')?.token).toBe('tok')
  })

  it('reports a damaged collection as VAULT_CORRUPT instead of dropping profiles', () => {
    const vault = new FakeVault()
    vault.data.set(SERVERS_COLLECTION, [{ id: 'a', name: 'x' }])
    expect(codeOf(() => new VaultServerStore(vault).list())).toBe('VAULT_CORRUPT')
  })
})
