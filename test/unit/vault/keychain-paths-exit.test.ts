import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../../../src/shared/errors'
import {
  KEYCHAIN_ENTRY_OPTIONS,
  OsKeychain,
  classifyKeychainError,
  type EntryFactory
} from '../../../src/main/core/keychain'
import { defaultDataDir, resolveDataDir } from '../../../src/main/core/paths'
import { EXIT_CODE_FOR, exitCodeFor } from '../../../src/cli/exit-codes'

describe('keychain error classification', () => {
  it.each([
    [
      "Couldn't access platform storage: Secret Service: unlock prompt was dismissed",
      'KEYCHAIN_LOCKED'
    ],
    [
      'Platform failure: DBus error: Failed to connect to socket /x: No such file or directory',
      'KEYCHAIN_UNAVAILABLE'
    ],
    [
      'Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files',
      'KEYCHAIN_UNAVAILABLE'
    ],
    ['User canceled the operation.', 'KEYCHAIN_LOCKED'],
    ['Entry is matched by 2 credentials: Ambiguous', 'KEYCHAIN_ITEM_CORRUPT'],
    ['something nobody expected', 'KEYCHAIN_UNAVAILABLE']
  ])('%s -> %s, with a next step', (message, code) => {
    const e = classifyKeychainError(new Error(message))
    expect(e.code).toBe(code)
    expect(e.message).toMatch(/try again|password instead/i)
  })

  it('asks @napi-rs/keyring for the Secret Service store on Linux, and reports a missing item', async () => {
    const seen: unknown[] = []
    const factory: EntryFactory = (service, account, options) => {
      seen.push({ service, account, options })
      return {
        getPassword: async () => null,
        setPassword: async () => undefined,
        deleteCredential: async () => false
      }
    }
    const kc = new OsKeychain(factory)
    const err = await kc
      .readKey({ service: 'Tessera', account: 'vault-1' })
      .catch((e: { code: string }) => e.code)
    expect(err).toBe('KEYCHAIN_ITEM_MISSING')
    expect(seen).toEqual([
      { service: 'Tessera', account: 'vault-1', options: { linux: { store: 'secret-service' } } }
    ])
    expect(KEYCHAIN_ENTRY_OPTIONS).toEqual({ linux: { store: 'secret-service' } })
  })

  it('a constructor that throws (store unavailable) becomes KEYCHAIN_UNAVAILABLE', async () => {
    const kc = new OsKeychain(() => {
      throw new Error('Platform failure: DBus error: Failed to connect to socket')
    })
    const code = await kc
      .writeKey({ service: 's', account: 'a' }, new Uint8Array(32))
      .catch((e: { code: string }) => e.code)
    expect(code).toBe('KEYCHAIN_UNAVAILABLE')
  })
})

describe('data directory', () => {
  it.each([
    ['linux', {}, '/home/u', '/home/u/.config/Tessera'],
    ['linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/u', '/cfg/Tessera'],
    ['darwin', {}, '/Users/u', '/Users/u/Library/Application Support/Tessera'],
    [
      'win32',
      { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' },
      'C:\\Users\\u',
      'C:\\Users\\u\\AppData\\Roaming\\Tessera'
    ]
  ] as const)('%s %j -> %s', (platform, env, home, expected) => {
    expect(defaultDataDir({ platform, env, home })).toBe(expected)
  })

  it('--data-dir beats TESSERA_DATA_DIR beats Electron userData', () => {
    expect(resolveDataDir({ flag: '/a', env: { TESSERA_DATA_DIR: '/b' }, userData: '/c' })).toBe(
      '/a'
    )
    expect(resolveDataDir({ env: { TESSERA_DATA_DIR: '/b' }, userData: '/c' })).toBe('/b')
    expect(resolveDataDir({ env: {}, userData: '/c' })).toBe('/c')
  })
})

describe('CLI exit codes', () => {
  it('map every ErrorCode to one of the documented exit codes', () => {
    expect(Object.keys(EXIT_CODE_FOR).sort()).toEqual([...ERROR_CODES].sort())
    for (const code of ERROR_CODES) expect([1, 2, 3, 4, 5, 6, 7]).toContain(exitCodeFor(code))
    expect(exitCodeFor('INVALID_URI')).toBe(2)
    expect(exitCodeFor('DUPLICATE')).toBe(7)
    expect(exitCodeFor('KEYCHAIN_LOCKED')).toBe(3)
    expect(exitCodeFor('WRONG_PASSWORD')).toBe(3)
    expect(exitCodeFor('NETWORK')).toBe(4)
    expect(exitCodeFor('AMBIGUOUS')).toBe(4)
    expect(exitCodeFor('SERVER_REJECTED')).toBe(5)
    expect(exitCodeFor('POLICY_FORBIDDEN')).toBe(6)
  })
})
