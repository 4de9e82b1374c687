import { describe, expect, it } from 'vitest'
import type { Account, NewAccount } from '../../../src/shared/model'
import { MemoryAccountStore } from '../../helpers/memory-account-store'
import {
  exportAegisVault,
  exportMigrationBatches,
  exportUriList
} from '../../../src/main/core/export'
import { importFile } from '../../../src/main/core/import'
import { decodeMigrationUri } from '../../../src/main/core/migration'
import { bytesToBase32, generateCode } from '../../../src/main/core/otp'
import { readCorpus } from '../../helpers/corpora'

const enc = new TextEncoder()
const T = 1_700_000_000_000

/** One of every kind Tessera stores, with the extras that must survive an Aegis round trip. */
const ACCOUNTS: NewAccount[] = [
  {
    issuer: 'Deno',
    label: 'Mason',
    otp: {
      type: 'totp',
      secret: '4SJHB4GSD43FZBAI7C2HLRJGPQ',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0
    },
    tags: ['Work'],
    favorite: true,
    note: 'desk'
  },
  {
    issuer: 'SPDX',
    label: 'James',
    otp: {
      type: 'totp',
      secret: '5OM4WOOGPLQEF6UGN3CPEOOLWU',
      algorithm: 'SHA256',
      digits: 7,
      period: 20,
      counter: 0
    },
    tags: ['Work', 'Home']
  },
  {
    issuer: 'Airbnb',
    label: 'Elijah',
    otp: {
      type: 'totp',
      secret: '7ELGJSGXNCCTV3O6LKJWYFV2RA',
      algorithm: 'SHA512',
      digits: 10,
      period: 50,
      counter: 0
    }
  },
  {
    issuer: 'WWE',
    label: 'Mason',
    otp: {
      type: 'hotp',
      secret: '5VAML3X35THCEBVRLV24CGBKOY',
      algorithm: 'SHA512',
      digits: 8,
      period: 30,
      counter: 10300
    }
  },
  {
    issuer: 'Boeing',
    label: 'Sophia',
    otp: {
      type: 'steam',
      secret: 'JRZCL47CMXVOQMNPZR2F7J4RGI',
      algorithm: 'SHA1',
      digits: 5,
      period: 30,
      counter: 0
    }
  },
  {
    issuer: 'VPN',
    label: 'me',
    otp: {
      type: 'motp',
      secret: bytesToBase32(Buffer.from('e3152afee62599c8', 'hex')),
      algorithm: 'SHA1',
      digits: 6,
      period: 10,
      counter: 0,
      pin: '1234'
    }
  },
  {
    issuer: 'Yandex',
    label: 'y',
    otp: {
      type: 'yandex',
      secret: '6SB2IKNM6OBZPAVBVTOHDKS4FAAAAAAADFUTQMBTRY',
      algorithm: 'SHA256',
      digits: 8,
      period: 30,
      counter: 0,
      pin: '5239'
    }
  },
  {
    issuer: '',
    label: 'no issuer: with colon',
    otp: {
      type: 'totp',
      secret: 'JBSWY3DPEHPK3PXP',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0
    }
  }
]

const codes = (list: NewAccount[]) =>
  list.map((a) => [generateCode(a.otp, T), generateCode(a.otp, T + 3_600_000)])

describe('Aegis export round trip', () => {
  it('encrypted: our Aegis importer gives identical accounts (tags, favourite, note) and codes', async () => {
    const file = await exportAegisVault(ACCOUNTS, { password: 'correct horse' })
    const back = await importFile(enc.encode(file), { password: 'correct horse' })
    expect(back.format).toBe('aegis')
    expect(back.failed).toEqual([])
    expect(back.accounts).toEqual(ACCOUNTS)
    expect(codes(back.accounts)).toEqual(codes(ACCOUNTS))
    await expect(importFile(enc.encode(file), { password: 'correct hors' })).rejects.toMatchObject({
      code: 'WRONG_PASSWORD'
    })
    expect(file).not.toContain(ACCOUNTS[0]!.otp.secret)
  })

  it('vault -> encrypted export -> a fresh vault: same accounts and codes', async () => {
    const vault = new MemoryAccountStore(() => 1)
    await vault.addMany(ACCOUNTS)
    const file = await exportAegisVault(vault.list(), { password: 'pw' })
    const fresh = new MemoryAccountStore(() => 2)
    await fresh.addMany((await importFile(enc.encode(file), { password: 'pw' })).accounts)
    const strip = (list: Account[]) =>
      list.map(({ issuer, label, otp, tags, favorite, note }) => ({
        issuer,
        label,
        otp,
        tags,
        favorite,
        note
      }))
    expect(strip(fresh.list())).toEqual(strip(vault.list()))
    expect(codes(fresh.list())).toEqual(codes(vault.list()))
  })

  it('plain: same accounts back, and the secrets are in the clear (hence the UI warning)', async () => {
    const file = await exportAegisVault(ACCOUNTS)
    expect(file).toContain(ACCOUNTS[0]!.otp.secret)
    const back = await importFile(enc.encode(file))
    expect(back.accounts).toEqual(ACCOUNTS)
  })

  it('an empty password is refused', async () => {
    await expect(exportAegisVault(ACCOUNTS, { password: '' })).rejects.toMatchObject({
      code: 'INVALID_INPUT'
    })
  })

  it('the corpus vault survives import -> encrypted export -> import unchanged', async () => {
    const original = await importFile(readCorpus('aegis', 'importers', 'aegis_encrypted.json'), {
      password: 'test'
    })
    const again = await importFile(
      enc.encode(await exportAegisVault(original.accounts, { password: 'x' })),
      { password: 'x' }
    )
    expect(again.accounts).toEqual(original.accounts)
  })
})

type Json = Record<string, unknown>
const keysOf = (o: unknown) => Object.keys(o as Json).sort()

describe('Aegis export matches the format of the Aegis corpus files', () => {
  it('encrypted file: same header, slot and params shape and scrypt parameters as aegis_encrypted.json', async () => {
    const ours = JSON.parse(await exportAegisVault(ACCOUNTS, { password: 'p' })) as Json
    const theirs = JSON.parse(
      readCorpus('aegis', 'importers', 'aegis_encrypted.json').toString('utf8')
    ) as Json
    expect(keysOf(ours)).toEqual(keysOf(theirs))
    expect(ours.version).toBe(theirs.version)
    const oh = ours.header as { slots: Json[]; params: Json }
    const th = theirs.header as { slots: Json[]; params: Json }
    expect(keysOf(oh)).toEqual(keysOf(th))
    expect(keysOf(oh.params)).toEqual(keysOf(th.params))
    const os = oh.slots[0]!
    const ts = th.slots[0]!
    // Aegis writes is_backup on newer slots; every field the corpus slot has must be there.
    expect(keysOf(os)).toEqual(expect.arrayContaining(keysOf(ts)))
    for (const k of ['type', 'n', 'r', 'p', 'repaired']) expect(os[k]).toBe(ts[k])
    for (const k of ['key', 'salt']) expect(String(os[k])).toMatch(/^[0-9a-f]{64}$/)
    expect(keysOf(os.key_params)).toEqual(keysOf(ts.key_params))
    expect((os.key_params as Json).nonce).toMatch(/^[0-9a-f]{24}$/)
    expect((os.key_params as Json).tag).toMatch(/^[0-9a-f]{32}$/)
    expect(typeof ours.db).toBe('string')
  })

  it("plain file: header slots/params null, db with entries whose fields cover the corpus entry's", async () => {
    const ours = JSON.parse(await exportAegisVault(ACCOUNTS)) as {
      header: Json
      db: { version: number; entries: Json[] }
    }
    const theirs = JSON.parse(
      readCorpus('aegis', 'importers', 'aegis_plain.json').toString('utf8')
    ) as { header: Json; db: { entries: Json[] } }
    expect(ours.header).toEqual(theirs.header)
    expect(ours.db.version).toBe(3)
    expect(keysOf(ours.db.entries[0])).toEqual(expect.arrayContaining(keysOf(theirs.db.entries[0])))
    expect(keysOf(ours.db.entries[0]!.info)).toEqual(keysOf(theirs.db.entries[0]!.info))
    const hotp = ours.db.entries.find((e) => e.type === 'hotp')!
    const theirHotp = theirs.db.entries.find((e) => e.type === 'hotp')!
    expect(keysOf(hotp.info)).toEqual(keysOf(theirHotp.info))
  })
})

describe('otpauth URI list round trip', () => {
  it('every account comes back identical (tags and notes are not part of a URI) with the same codes', async () => {
    const text = exportUriList(ACCOUNTS)
    expect(text.trim().split('\n')).toHaveLength(ACCOUNTS.length)
    const back = await importFile(enc.encode(text))
    expect(back.format).toBe('uris')
    expect(back.failed).toEqual([])
    const bare = ACCOUNTS.map(({ issuer, label, otp }) => ({ issuer, label, otp }))
    expect(back.accounts).toEqual(bare)
    expect(codes(back.accounts)).toEqual(codes(ACCOUNTS))
  })
})

describe('Google Authenticator migration batches', () => {
  it('25 transferable accounts become 3 codes of one batch that decode back; others are listed as skipped', async () => {
    const many: NewAccount[] = Array.from({ length: 25 }, (_, i) => ({
      issuer: `Site ${i}`,
      label: `user${i}@example.com`,
      otp:
        i % 5 === 0
          ? {
              type: 'hotp',
              secret: bytesToBase32(Buffer.alloc(20, i + 1)),
              algorithm: 'SHA1',
              digits: 6,
              period: 30,
              counter: i
            }
          : {
              type: 'totp',
              secret: bytesToBase32(Buffer.alloc(20, i + 1)),
              algorithm: i % 2 ? 'SHA256' : 'SHA1',
              digits: i % 3 ? 6 : 8,
              period: 30,
              counter: 0
            }
    }))
    const result = exportMigrationBatches([...many, ACCOUNTS[4]!, ACCOUNTS[1]!], { maxPerQr: 10 })
    expect(result.uris).toHaveLength(3)
    expect(result.skipped.map((s) => s.name)).toEqual(['Boeing (Sophia)', 'SPDX (James)'])
    const decoded = result.uris.map((u) => decodeMigrationUri(u))
    expect(decoded.map((d) => [d.batch.index, d.batch.size])).toEqual([
      [0, 3],
      [1, 3],
      [2, 3]
    ])
    expect(new Set(decoded.map((d) => d.batch.id)).size).toBe(1)
    const back = await importFile(enc.encode(result.uris.join('\n')))
    expect(back.accounts).toEqual(many)
  })
})
