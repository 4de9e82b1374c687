import { describe, expect, it } from 'vitest'
import { detectFormat, importFile, legacyAegisPasswordBytes } from '../../../src/main/core/import'
import { generateCode } from '../../../src/main/core/otp'
import { readCorpus, readCorpusJson } from '../../helpers/corpora'
import { aegisWithSlotBytes, bitwardenEncrypted, enc, enteEncrypted } from './fixtures'

const aegisEntry = (over: Record<string, unknown>, info: Record<string, unknown> = {}) => ({
  type: 'totp',
  uuid: globalThis.crypto.randomUUID(),
  name: 'alice',
  issuer: 'Example',
  info: { secret: 'JBSWY3DPEHPK3PXP', algo: 'SHA1', digits: 6, period: 30, ...info },
  ...over
})
const aegisPlain = (db: unknown) =>
  enc.encode(JSON.stringify({ version: 1, header: { slots: null, params: null }, db }))

describe('Aegis: legacy password encoding for slots not yet repaired', () => {
  it("pads the UTF-8 bytes like Java's encoder buffer (floor(1.1 n), growing 2n+1)", () => {
    expect([...legacyAegisPasswordBytes('test')]).toEqual([...enc.encode('test')])
    expect([...legacyAegisPasswordBytes('0123456789')]).toEqual([...enc.encode('0123456789'), 0])
    expect(legacyAegisPasswordBytes('ééé')).toHaveLength(7)
  })

  it('opens a repaired:false slot keyed with the legacy bytes, and only such a slot', async () => {
    // scrypt's HMAC zero-pads keys up to 64 bytes, so the trailing zeros only change the key
    // once the padded buffer exceeds 64 bytes: passwords of 59+ characters (or fewer, non-ASCII).
    const content = { version: 1, entries: [aegisEntry({})] }
    const password = 'correct horse battery staple, with a few more words to pass!'
    expect(legacyAegisPasswordBytes(password).length).toBeGreaterThan(64)
    const legacy = aegisWithSlotBytes(content, legacyAegisPasswordBytes(password), false)
    const result = await importFile(legacy, { password })
    expect(result.accounts.map((a) => a.otp.secret)).toEqual(['JBSWY3DPEHPK3PXP'])
    const repaired = aegisWithSlotBytes(content, legacyAegisPasswordBytes(password), true)
    await expect(importFile(repaired, { password })).rejects.toMatchObject({
      code: 'WRONG_PASSWORD'
    })
    const fresh = aegisWithSlotBytes(content, enc.encode(password), false)
    expect((await importFile(fresh, { password })).accounts).toHaveLength(1)
  })
})

describe('Aegis: hostile key slots', () => {
  it('four maximal legacy slots are refused up front, not run for seconds as a "wrong password"', async () => {
    const slot = {
      type: 1,
      uuid: 'x',
      key: '00'.repeat(32),
      key_params: { nonce: '00'.repeat(12), tag: '00'.repeat(16) },
      n: 2 ** 15,
      r: 32,
      p: 2,
      salt: '00'.repeat(32),
      repaired: false
    }
    const file = enc.encode(
      JSON.stringify({
        version: 1,
        header: {
          slots: [slot, slot, slot, slot],
          params: { nonce: '00'.repeat(12), tag: '00'.repeat(16) }
        },
        db: 'AAAA'
      })
    )
    await expect(importFile(file, { password: 'x' })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/4 password slots whose scrypt work/)
    })
  })
})

describe('Aegis: entries, groups, favourites, notes, mOTP and Yandex', () => {
  it('content v3 groups become tags; favourite and note come across', async () => {
    const db = {
      version: 3,
      groups: [
        { uuid: 'g1', name: 'Work' },
        { uuid: 'g2', name: 'Home' }
      ],
      entries: [
        aegisEntry({ groups: ['g1', 'g2'], favorite: true, note: 'desk token' }),
        aegisEntry({ name: 'bob', groups: [] })
      ]
    }
    const result = await importFile(aegisPlain(db))
    expect(result.accounts[0]).toMatchObject({
      tags: ['Work', 'Home'],
      favorite: true,
      note: 'desk token'
    })
    expect(result.accounts[1]?.tags).toBeUndefined()
    expect(result.accounts[1]?.favorite).toBeUndefined()
  })

  it('mOTP and Yandex entries import and give the published codes', async () => {
    const motp = (await import('../../../src/main/core/otp')).bytesToBase32(
      Buffer.from('e3152afee62599c8', 'hex')
    )
    const db = {
      version: 3,
      entries: [
        aegisEntry(
          { type: 'motp', name: 'm' },
          { secret: motp, algo: 'MD5', digits: 6, period: 10, pin: '1234' }
        ),
        aegisEntry(
          { type: 'yandex', name: 'y' },
          {
            secret: '6SB2IKNM6OBZPAVBVTOHDKS4FAAAAAAADFUTQMBTRY',
            algo: 'SHA256',
            digits: 8,
            period: 30,
            pin: '5239'
          }
        )
      ]
    }
    const { accounts, failed } = await importFile(aegisPlain(db))
    expect(failed).toEqual([])
    const [m, y] = accounts
    expect(m?.otp).toMatchObject({ type: 'motp', digits: 6, period: 10, pin: '1234' })
    expect(generateCode(m!.otp, 165892298 * 1000)).toBe('e7d8b6')
    expect(y?.otp).toMatchObject({ type: 'yandex', digits: 8, pin: '5239' })
    expect(generateCode(y!.otp, 1641559648 * 1000)).toBe('umozdicq')
  })

  it('a bad entry is listed with its reason and the rest still import', async () => {
    const db = {
      version: 2,
      entries: [
        aegisEntry({ name: 'good' }),
        aegisEntry({ type: 'u2f', name: 'key' }),
        aegisEntry({ name: 'typo' }, { secret: 'JBSWY3DP!!' }),
        aegisEntry({ name: 'short' }, { digits: 4 }),
        aegisEntry({ name: 'sha' }, { algo: 'SHA3' }),
        aegisEntry({ type: 'hotp', name: 'neg' }, { counter: -1 }),
        'not an entry'
      ]
    }
    const { accounts, failed } = await importFile(aegisPlain(db))
    expect(accounts.map((a) => a.label)).toEqual(['good'])
    expect(failed).toEqual([
      { name: 'Example (key)', reason: 'unsupported type "u2f"' },
      { name: 'Example (typo)', reason: 'secret is not valid base32' },
      { name: 'Example (short)', reason: expect.stringMatching(/4-digit codes are not supported/) },
      { name: 'Example (sha)', reason: 'unsupported algorithm "SHA3"' },
      { name: 'Example (neg)', reason: expect.stringMatching(/counter .* not a whole number/) },
      { name: 'entry 7', reason: 'it is not an entry' }
    ])
  })

  it('refuses a hostile scrypt cost before running it', async () => {
    const file = JSON.parse(
      readCorpus('aegis', 'importers', 'aegis_encrypted.json').toString('utf8')
    ) as {
      header: { slots: { n: number; r: number }[] }
    }
    file.header.slots[0]!.n = 2 ** 30
    const t0 = performance.now()
    await expect(
      importFile(enc.encode(JSON.stringify(file)), { password: 'test' })
    ).rejects.toMatchObject({ code: 'UNSUPPORTED' })
    file.header.slots[0]!.n = 2 ** 15
    file.header.slots[0]!.r = 4096
    await expect(
      importFile(enc.encode(JSON.stringify(file)), { password: 'test' })
    ).rejects.toMatchObject({ code: 'UNSUPPORTED' })
    // Refused without deriving anything: far below one honest scrypt run on any machine.
    expect(performance.now() - t0).toBeLessThan(1000)
  })
})

describe('Ente Auth encrypted export (Argon2id + XChaCha20-Poly1305 secretstream)', () => {
  const plain = readCorpus('aegis', 'importers', 'ente_auth.txt').toString('utf8')

  it('decrypts to the same 7 accounts as the plain export', async () => {
    const file = await enteEncrypted(plain, 'test')
    expect(detectFormat(file)).toBe('ente')
    const fromPlain = await importFile(enc.encode(plain))
    const result = await importFile(file, { password: 'test' })
    expect(result.format).toBe('ente')
    expect(result.accounts).toEqual(fromPlain.accounts)
    expect(result.accounts).toHaveLength(7)
  })

  it('wrong password, missing password and a hostile memory cost are each their own error', async () => {
    const file = await enteEncrypted(plain, 'test')
    await expect(importFile(file, { password: 'tset' })).rejects.toMatchObject({
      code: 'WRONG_PASSWORD'
    })
    await expect(importFile(file)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' })
    const json = JSON.parse(new TextDecoder().decode(file)) as { kdfParams: { memLimit: number } }
    json.kdfParams.memLimit = 4 * 1024 ** 3
    await expect(
      importFile(enc.encode(JSON.stringify(json)), { password: 'test' })
    ).rejects.toMatchObject({ code: 'UNSUPPORTED' })
    // Within the memory cap but twice Ente's own "sensitive" work (1 GiB x 4 passes).
    const work = json as unknown as { kdfParams: { memLimit: number; opsLimit: number } }
    work.kdfParams.memLimit = 512 * 1024 ** 2
    work.kdfParams.opsLimit = 16
    await expect(
      importFile(enc.encode(JSON.stringify(work)), { password: 'test' })
    ).rejects.toMatchObject({ code: 'UNSUPPORTED' })
  })

  it('reads codeDisplay: pinned -> favourite, tags, note; trashed entries are left out with a reason', async () => {
    const display = (o: unknown) => encodeURIComponent(JSON.stringify(o))
    const text = [
      `otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&codeDisplay=${display({ pinned: true, tags: ['Work'], note: 'main' })}`,
      `otpauth://totp/Old:bob?secret=JBSWY3DPEHPK3PXQ&issuer=Old&codeDisplay=${display({ trashed: true })}`
    ].join('\n')
    const result = await importFile(enc.encode(text))
    expect(result.format).toBe('ente')
    expect(result.accounts).toEqual([
      {
        issuer: 'GitHub',
        label: 'alice',
        favorite: true,
        tags: ['Work'],
        note: 'main',
        otp: expect.objectContaining({ secret: 'JBSWY3DPEHPK3PXP' })
      }
    ])
    expect(result.failed).toEqual([{ name: 'line 2', reason: expect.stringMatching(/trash/) }])
  })
})

describe('Bitwarden', () => {
  const vault = readCorpusJson<Record<string, unknown>>('aegis', 'importers', 'bitwarden.json')

  it('password-protected encrypted JSON gives the same accounts as the plain export', async () => {
    const file = bitwardenEncrypted(vault, 'hunter2')
    expect(detectFormat(file)).toBe('bitwarden')
    const plain = await importFile(readCorpus('aegis', 'importers', 'bitwarden.json'))
    const result = await importFile(file, { password: 'hunter2' })
    expect(result.accounts).toEqual(plain.accounts)
    expect(result.accounts).toHaveLength(4)
    await expect(importFile(file, { password: 'hunter3' })).rejects.toMatchObject({
      code: 'WRONG_PASSWORD'
    })
    await expect(importFile(file)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' })
  })

  it('Argon2id exports (kdfType 1, several lanes) decrypt too', async () => {
    const file = bitwardenEncrypted(vault, 'hunter2', 2, { memoryMiB: 8, parallelism: 2 })
    const result = await importFile(file, { password: 'hunter2' })
    expect(result.accounts).toHaveLength(4)
    await expect(importFile(file, { password: 'hunter' })).rejects.toMatchObject({
      code: 'WRONG_PASSWORD'
    })
  })

  it('refuses an account-restricted export and a hostile iteration count', async () => {
    const restricted = enc.encode(
      JSON.stringify({
        encrypted: true,
        encKeyValidation_DO_NOT_EDIT: '2.a|b|c',
        data: '2.a|b|c',
        items: []
      })
    )
    await expect(importFile(restricted, { password: 'x' })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/Password protected/)
    })
    const hostile = JSON.parse(new TextDecoder().decode(bitwardenEncrypted(vault, 'x'))) as Record<
      string,
      unknown
    >
    hostile.kdfIterations = 1e12
    await expect(
      importFile(enc.encode(JSON.stringify(hostile)), { password: 'x' })
    ).rejects.toMatchObject({ code: 'UNSUPPORTED' })
  })

  it('CSV: quoted fields, bare secrets (issuer from the item name), folders and favourites', async () => {
    const csv = [
      'folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp',
      'Work,1,login,"Acme, Inc.","line one',
      'line two",,0,https://acme.test,alice,pw,JBSW Y3DP EHPK 3PXP',
      ',,login,No TOTP,,,0,,bob,pw,',
      ',,login,Broken,,,0,,carol,pw,not*base32'
    ].join('\n')
    const result = await importFile(enc.encode(csv))
    expect(result.format).toBe('bitwarden')
    expect(result.accounts).toEqual([
      {
        issuer: 'Acme, Inc.',
        label: 'alice',
        tags: ['Work'],
        favorite: true,
        note: 'line one\nline two',
        otp: {
          type: 'totp',
          secret: 'JBSWY3DPEHPK3PXP',
          algorithm: 'SHA1',
          digits: 6,
          period: 30,
          counter: 0
        }
      }
    ])
    expect(result.failed).toEqual([
      { name: 'Broken (carol)', reason: 'secret is not valid base32' }
    ])
  })
})

describe('andOTP', () => {
  it('imports mOTP entries whose secret is hex text, and keeps tags', async () => {
    const json = [
      {
        secret: 'e3152afee62599c8',
        issuer: 'VPN',
        label: 'me',
        digits: 6,
        type: 'MOTP',
        algorithm: 'SHA1',
        period: 10,
        tags: ['net'],
        pin: '1234'
      }
    ]
    const { accounts, failed } = await importFile(enc.encode(JSON.stringify(json)))
    expect(failed).toEqual([])
    expect(accounts[0]).toMatchObject({
      issuer: 'VPN',
      label: 'me',
      tags: ['net'],
      otp: { type: 'motp' }
    })
    expect(generateCode({ ...accounts[0]!.otp, pin: '1234' }, 123456789 * 1000)).toBe('4ebfb2')
  })
})

describe('2FAS groups and FreeOTP+', () => {
  it('2FAS: damaged data with the right password is IMPORT_CORRUPT, not a wrong password', async () => {
    const file = JSON.parse(
      readCorpus('aegis', 'importers', '2fas_authenticator_encrypted_v4.2fas').toString('utf8')
    ) as { servicesEncrypted: string }
    const [ct, salt, iv] = file.servicesEncrypted.split(':') as [string, string, string]
    const bytes = Buffer.from(ct, 'base64')
    bytes[10]! ^= 1
    file.servicesEncrypted = `${bytes.toString('base64')}:${salt}:${iv}`
    const damaged = enc.encode(JSON.stringify(file))
    await expect(importFile(damaged, { password: 'test' })).rejects.toMatchObject({
      code: 'IMPORT_CORRUPT'
    })
    await expect(importFile(damaged, { password: 'tesT' })).rejects.toMatchObject({
      code: 'WRONG_PASSWORD'
    })
  })

  it('2FAS group ids become tags', async () => {
    const file = {
      schemaVersion: 4,
      groups: [{ id: 'g', name: 'Banking' }],
      services: [
        {
          name: 'Bank',
          secret: 'JBSWY3DPEHPK3PXP',
          groupId: 'g',
          otp: { account: 'me', tokenType: 'TOTP', digits: 6, period: 30, algorithm: 'SHA1' }
        }
      ]
    }
    const { accounts } = await importFile(enc.encode(JSON.stringify(file)))
    expect(accounts[0]).toMatchObject({ issuer: 'Bank', label: 'me', tags: ['Banking'] })
  })

  it('FreeOTP+ secrets are signed bytes; a token with an out-of-range byte is listed as failed', async () => {
    const file = {
      tokens: [
        {
          type: 'TOTP',
          algo: 'SHA1',
          digits: 6,
          period: 30,
          issuerExt: 'X',
          label: 'y',
          secret: [-1, 0, 127, -128, 1, 2, 3, 4, 5, 6]
        },
        { type: 'TOTP', issuerExt: 'Z', label: 'w', secret: [999] }
      ]
    }
    const { accounts, failed } = await importFile(enc.encode(JSON.stringify(file)))
    // -1 is 0xff, -128 is 0x80: the bytes ff 00 7f 80 01 02 03 04 05 06
    expect(accounts[0]?.otp.secret).toBe('74AH7AABAIBQIBIG')
    expect(failed).toEqual([{ name: 'Z (w)', reason: 'its secret is not a list of bytes' }])
  })
})

describe('format detection and overrides', () => {
  it('an explicit format that does not fit the file is IMPORT_FORMAT, not a mis-parse', async () => {
    const aegis = readCorpus('aegis', 'importers', 'aegis_plain.json')
    for (const format of ['2fas', 'bitwarden', 'proton', 'freeotp-plus', 'andotp'] as const) {
      await expect(importFile(aegis, { format })).rejects.toMatchObject({ code: 'IMPORT_FORMAT' })
    }
    await expect(importFile(aegis, { format: 'nope' as never })).rejects.toMatchObject({
      code: 'INVALID_INPUT'
    })
  })

  it('unrecognised JSON and truncated JSON are typed errors', async () => {
    await expect(importFile(enc.encode('{"hello": 1}'))).rejects.toMatchObject({
      code: 'IMPORT_FORMAT'
    })
    await expect(importFile(enc.encode('{"version": 1, "header": {'))).rejects.toMatchObject({
      code: 'IMPORT_CORRUPT'
    })
  })
})

describe('size limits', () => {
  it('a file with more than 10,000 entries is refused, also when they hide in migration links', async () => {
    const line = 'otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example\n'
    await expect(importFile(enc.encode(line.repeat(10_001)))).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/more than 10000 entries/)
    })
    expect((await importFile(enc.encode(line.repeat(10_000)))).accounts).toHaveLength(10_000)
    const { exportMigrationBatches } = await import('../../../src/main/core/export')
    const many = Array.from({ length: 10_001 }, (_, i) => ({
      issuer: 'X',
      label: `u${i}`,
      otp: {
        type: 'totp' as const,
        secret: 'JBSWY3DPEHPK3PXP',
        algorithm: 'SHA1' as const,
        digits: 6,
        period: 30,
        counter: 0
      }
    }))
    const { uris } = exportMigrationBatches(many, { maxPerQr: 500 })
    await expect(importFile(enc.encode(uris.join('\n')))).rejects.toMatchObject({
      code: 'UNSUPPORTED'
    })
  })

  it('a note over 64 KiB fails its entry in every format, Proton included', async () => {
    const note = 'n'.repeat(65_537)
    const proton = enc.encode(
      JSON.stringify({
        version: 1,
        entries: [
          {
            id: '1',
            content: {
              id: '1',
              name: 'alice',
              uri: 'otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example',
              entry_type: 'Totp'
            },
            note
          },
          {
            id: '2',
            content: {
              id: '2',
              name: 'bob',
              uri: 'otpauth://totp/Example:bob?secret=JBSWY3DPEHPK3PXP&issuer=Example',
              entry_type: 'Totp'
            },
            note: 'short'
          }
        ]
      })
    )
    const result = await importFile(proton, { format: 'proton' })
    expect(result.accounts.map((a) => [a.label, a.note])).toEqual([['bob', 'short']])
    expect(result.failed).toEqual([
      { name: expect.stringMatching(/alice/), reason: expect.stringMatching(/note is longer/) }
    ])
  })

  it('JSON nested two million levels deep is IMPORT_CORRUPT at once, deeper than any backup', async () => {
    const deep = `{"services":${'['.repeat(2_000_000)}${']'.repeat(2_000_000)}}`
    await expect(importFile(enc.encode(deep))).rejects.toMatchObject({
      code: 'IMPORT_CORRUPT',
      message: expect.stringMatching(
        /^This backup is damaged or incomplete \(its JSON is nested more than 64 levels deep\)\. Export it again from the app that made it/
      )
    })
    await expect(importFile(enc.encode(deep), { format: '2fas' })).rejects.toMatchObject({
      code: 'IMPORT_CORRUPT'
    })
    // Brackets inside strings are text, not nesting.
    const note = `${'['.repeat(100)}"${'{'.repeat(100)}`
    const quoted = aegisPlain({ version: 3, entries: [aegisEntry({ note })] })
    expect((await importFile(quoted)).accounts[0]!.note).toBe(note)
  })

  it('more than 16 MiB is refused before reading', async () => {
    await expect(importFile(new Uint8Array(16 * 1024 * 1024 + 1))).rejects.toMatchObject({
      code: 'IMPORT_FORMAT'
    })
  })
})
