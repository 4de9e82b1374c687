/**
 * One validation for every way in (core/accounts/admit): the review's hostile accounts (a
 * 1,500-byte secret in a Google export QR, 1-byte secrets, 1,500-character names with escape and
 * bidi characters) are refused or cleaned on every path, and an account that cannot give a code
 * never takes the others' codes with it.
 */
import { describe, expect, it } from 'vitest'
import {
  admitAccount,
  MAX_NAME_LENGTH,
  MIN_SECRET_BYTES
} from '../../../src/main/core/accounts/admit'
import { MemoryAccountStore } from '../../helpers/memory-account-store'
import { importFile } from '../../../src/main/core/import'
import { encodeMigrationBatches, decodeMigrationUri } from '../../../src/main/core/migration'
import { bytesToBase32 } from '../../../src/main/core/otp'
import { formatOtpauthUri } from '../../../src/main/core/otpauth'
import { classifyQrText, scanText } from '../../../src/main/core/qr'
import { AccountsService } from '../../../src/main/core/accounts/service'
import { AppError } from '../../../src/shared/errors'
import type { Account, NewAccount } from '../../../src/shared/model'
import { cleanName, cleanNote } from '../../../src/shared/text'

const GOOD = 'JBSWY3DPEHPK3PXP' // 10 bytes: the shortest real setup keys
const secretOf = (n: number, fill = 7): string => bytesToBase32(new Uint8Array(n).fill(fill))
const totp = (issuer: string, label: string, secret: string): NewAccount => ({
  issuer,
  label,
  otp: { type: 'totp', secret, algorithm: 'SHA1', digits: 6, period: 30, counter: 0 }
})
const uri = (issuer: string, label: string, secret: string): string =>
  `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(label)}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`

// U+202E RIGHT-TO-LEFT OVERRIDE, U+200B ZERO WIDTH SPACE, ESC, U+2066 LRI
const RLO = '\u202e'
const ZWSP = '\u200b'
const ESC = '\u001b'
const hostileName = `${ESC}[31m${RLO}moc.lapyap${ZWSP}\u2066`

function thrown(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    return e as AppError
  }
  throw new Error('expected a throw')
}

async function rejected(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    return e as AppError
  }
  throw new Error('expected a rejection')
}

describe('cleanName / cleanNote', () => {
  it('removes bidi controls, zero-width and control characters; keeps real text', () => {
    expect(cleanName(hostileName)).toBe('[31mmoc.lapyap')
    expect(cleanName('  Git\tHub \n ')).toBe('Git Hub')
    expect(cleanName('Goo\u200cgle')).toBe('Google')
    // Right-to-left names need no controls and keep every letter.
    expect(cleanName('בנק הפועלים')).toBe('בנק הפועלים')
    // ZWNJ inside a Persian word and ZWJ inside an emoji sequence are kept.
    expect(cleanName('می\u200cخواهم')).toBe('می\u200cخواهم')
    expect(cleanName('👩\u200d💻 dev')).toBe('👩\u200d💻 dev')
    expect(cleanNote(`line 1\r\nline 2${RLO}\u0007`)).toBe('line 1\nline 2')
  })
})

describe('admitAccount', () => {
  it(`refuses secrets under ${MIN_SECRET_BYTES} bytes and over 1024, with the length and the limit`, () => {
    const short = thrown(() => admitAccount(totp('X', 'y', secretOf(1))))
    expect(short.code).toBe('INVALID_SECRET')
    expect(short.message).toMatch(/only 1 byte long; Tessera needs at least 10/)
    expect(thrown(() => admitAccount(totp('X', 'y', secretOf(9)))).message).toMatch(/9 bytes/)
    expect(admitAccount(totp('X', 'y', secretOf(10))).otp.secret).toBe(secretOf(10))
    const long = thrown(() => admitAccount(totp('X', 'y', secretOf(1500))))
    expect(long.code).toBe('INVALID_SECRET')
    expect(long.message).toMatch(/1500 bytes long; at most 1024/)
  })

  it('mOTP keeps its 8-byte minimum (16 hex characters), Yandex its own check', () => {
    const motp: NewAccount = {
      issuer: 'M',
      label: 'x',
      otp: { ...totp('', '', secretOf(8)).otp, type: 'motp', period: 10 }
    }
    expect(admitAccount(motp).otp.type).toBe('motp')
  })

  it(`refuses names over ${MAX_NAME_LENGTH} characters, and cleans the rest`, () => {
    const e = thrown(() => admitAccount(totp('X', 'a'.repeat(1500), GOOD)))
    expect(e.code).toBe('INVALID_INPUT')
    expect(e.details?.field).toBe('label')
    expect(e.message).toMatch(/1500 characters long; Tessera keeps names of up to 256/)
    const ok = admitAccount({
      ...totp(hostileName, `al${ZWSP}ice`, GOOD),
      tags: [` wo${RLO}rk `, 'work', ''],
      note: `hi${ESC}`
    })
    expect(ok).toMatchObject({
      issuer: '[31mmoc.lapyap',
      label: 'alice',
      tags: ['work'],
      note: 'hi'
    })
  })
})

describe('every way in refuses the same hostile accounts', () => {
  const bad1500 = totp('Evil', 'big', secretOf(1500))
  const bad1 = totp('Evil', 'tiny', secretOf(1))
  const good = totp('GitHub', 'me', GOOD)

  it('scan: a Google export QR with a 1,500-byte and a 1-byte secret offers only the good account', () => {
    // encodeMigrationBatches refuses nothing: it is how a hostile exporter would build the code.
    const [migration] = encodeMigrationBatches([good, bad1500, bad1])
    const c = classifyQrText(migration!)
    expect(c.accounts.map((a) => a.label)).toEqual(['me'])
    expect(c.migration?.skipped.map((s) => s.reason)).toEqual([
      'its secret is 1500 bytes long; at most 1024 are accepted',
      'its secret is only 1 byte long (at least 10 are needed)'
    ])
    // The explanation says entries were left out.
    expect(c.explanation).toMatch(/2 entries cannot be imported/)
  })

  it('scan: a setup code with a 1-byte secret is explained, not offered', () => {
    const c = classifyQrText(uri('Evil', 'tiny', secretOf(1)))
    expect(c.kind).toBe('invalid')
    expect(c.accounts).toEqual([])
    expect(c.error?.code).toBe('INVALID_SECRET')
    expect(c.explanation).toMatch(/only 1 byte long/)
  })

  it('pasted text: the same', () => {
    const out = scanText(`${uri('Evil', 'tiny', secretOf(1))}\n${uri('GitHub', 'me', GOOD)}`)
    expect(out.candidates.map((c) => c.account.label)).toEqual(['me'])
  })

  it('scan: a 1,500-character name full of escape and bidi characters is refused; a short one is cleaned', () => {
    const long = classifyQrText(uri(`${RLO}x`, `${ESC}[2J`.repeat(300), GOOD))
    expect(long.kind).toBe('invalid')
    expect(long.error?.message).toMatch(/characters long; Tessera keeps names of up to 256/)
    const short = classifyQrText(uri(`${RLO}lapyap`, `${ESC}[31malice`, GOOD))
    expect(short.accounts[0]).toMatchObject({ issuer: 'lapyap', label: '[31malice' })
  })

  it('import: the entries are listed as failed with the reason, the good one is kept', async () => {
    const text = [good, bad1500, bad1].map(formatOtpauthUri).join('\n')
    const r = await importFile(new TextEncoder().encode(text))
    expect(r.accounts.map((a) => a.label)).toEqual(['me'])
    expect(r.failed.map((f) => f.reason)).toEqual([
      expect.stringMatching(/1500 bytes long/),
      expect.stringMatching(/only 1 byte long \(at least 10 are needed\)/)
    ])
  })

  it('manual form and link: INVALID_SECRET on the secret field, nothing saved', async () => {
    const store = new MemoryAccountStore(() => 1)
    const service = new AccountsService(store, () => 1)
    const manual = await rejected(
      service.addManual({ ...bad1.otp, secret: secretOf(1), issuer: 'Evil', label: 'tiny' })
    )
    expect(manual.code).toBe('INVALID_SECRET')
    expect(manual.details?.field).toBe('secret')
    const link = await rejected(service.addFromUri(uri('Evil', 'tiny', secretOf(1))))
    expect(link.code).toBe('INVALID_SECRET')
    const name = await rejected(
      service.addManual({ ...good.otp, issuer: 'X', label: 'n'.repeat(300) })
    )
    expect(name.details?.field).toBe('label')
    expect(store.list()).toEqual([])
  })

  it('the store itself refuses what slipped past a caller: nothing of the batch is written', async () => {
    const store = new MemoryAccountStore(() => 1)
    const e = await rejected(store.addMany([good, bad1500]))
    expect(e.code).toBe('INVALID_SECRET')
    expect(store.list()).toEqual([])
    const [saved] = await store.addMany([totp(hostileName, 'me', GOOD)])
    expect(saved?.issuer).toBe('[31mmoc.lapyap')
  })

  it('renaming cleans the name and caps its length', async () => {
    const store = new MemoryAccountStore(() => 1)
    const service = new AccountsService(store, () => 1)
    const a = await service.addFromUri(uri('GitHub', 'me', GOOD))
    expect((await service.update(a.id, { label: `m${RLO}e${ESC}` })).label).toBe('me')
    const e = await rejected(service.update(a.id, { issuer: 'x'.repeat(257) }))
    expect(e.details?.field).toBe('issuer')
  })

  it('the migration decoder refuses what the CLI scan and import would also see', () => {
    const [migration] = encodeMigrationBatches([bad1500])
    expect(decodeMigrationUri(migration!).accounts).toEqual([])
  })
})

describe('an account that cannot give a code leaves every other code alone', () => {
  it('codes(): the bad one carries its own error, the others their codes', async () => {
    const store = new MemoryAccountStore(() => 1_700_000_000_000)
    const service = new AccountsService(store, () => 1_700_000_000_000)
    const good = await service.addFromUri(uri('GitHub', 'me', GOOD))
    // What an older Tessera (or a hand-edited vault) may hold: restore stores accounts as they were.
    const bad: Account = {
      ...store.get(good.id)!,
      id: 'old-bad',
      label: 'huge',
      order: 5,
      otp: { ...store.get(good.id)!.otp, secret: secretOf(1500) }
    }
    await store.restore([bad])
    const codes = service.codes()
    expect(codes).toHaveLength(2)
    const g = codes.find((c) => c.id === good.id)!
    expect(g.code).toMatch(/^\d{6}$/)
    expect(g.error).toBeUndefined()
    const b = codes.find((c) => c.id === 'old-bad')!
    expect(b.code).toBe('')
    expect(b.error?.code).toBe('INVALID_SECRET')
    expect(b.error?.message).toMatch(/1500 bytes/)
    // The list of accounts (names, no secrets) works as before.
    expect(service.list().map((a) => a.label)).toEqual(['me', 'huge'])
  })
})
