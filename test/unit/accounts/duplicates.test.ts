/**
 * The one duplicate rule: which accounts count as "already there", and that import review, scan
 * review and manual add all give the same answer for the same account.
 */
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import type { Account, NewAccount, OtpType } from '../../../src/shared/model'
import {
  DuplicateIndex,
  matchBatch,
  nameKey,
  secretKey,
  type IdentifiedAccount
} from '../../../src/main/core/accounts/duplicates'
import { MemoryAccountStore } from '../../helpers/memory-account-store'
import { findDuplicates } from '../../../src/main/core/import/duplicates'
import { bytesToBase32 } from '../../../src/main/core/otp'
import { formatOtpauthUri } from '../../../src/main/core/otpauth'
import { flagDuplicates } from '../../../src/main/core/qr/scan'
import { AccountsService } from '../../../src/main/core/accounts/service'

function acct(issuer: string, label: string, secret: string, type: OtpType = 'totp'): NewAccount {
  return {
    issuer,
    label,
    otp: { type, secret, algorithm: 'SHA1', digits: 6, period: 30, counter: 0 }
  }
}

function saved(id: string, a: NewAccount): IdentifiedAccount {
  return { ...a, id }
}

describe('identity keys', () => {
  const same: [string, NewAccount, NewAccount][] = [
    ['lower case', acct('', 'a', 'JBSWY3DPEHPK3PXP'), acct('', 'a', 'jbswy3dpehpk3pxp')],
    ['spaces', acct('', 'a', 'JBSWY3DPEHPK3PXP'), acct('', 'a', 'jbsw y3dp ehpk 3pxp')],
    ['hyphens', acct('', 'a', 'JBSWY3DPEHPK3PXP'), acct('', 'a', 'JBSW-Y3DP-EHPK-3PXP')],
    ['padding', acct('', 'a', 'JBSWY3DP'), acct('', 'a', 'JBSWY3DP======')],
    ['undecodable, same text', acct('', 'a', 'not base32!'), acct('', 'a', 'not base32!')]
  ]
  it.each(same)('secrets match across %s', (_, a, b) => {
    expect(secretKey(a)).toBe(secretKey(b))
  })

  const differ: [string, NewAccount, NewAccount][] = [
    ['different bytes', acct('', 'a', 'JBSWY3DP'), acct('', 'a', 'JBSWY3DQ')],
    ['type', acct('', 'a', 'JBSWY3DP', 'totp'), acct('', 'a', 'JBSWY3DP', 'hotp')],
    ['undecodable, other text', acct('', 'a', 'not base32!'), acct('', 'a', 'not base32?')]
  ]
  it.each(differ)('secrets differ by %s', (_, a, b) => {
    expect(secretKey(a)).not.toBe(secretKey(b))
  })

  const names: [string, string, string, string, string, boolean][] = [
    ['case', 'GitHub', 'Me@Example.com', 'github', 'me@example.com', true],
    ['surrounding spaces', ' GitHub ', 'me ', 'GitHub', 'me', true],
    ['other issuer', 'GitHub', 'me', 'GitLab', 'me', false],
    ['other label', 'GitHub', 'me', 'GitHub', 'you', false],
    ['issuer moved into label', 'GitHub', '', '', 'GitHub', false]
  ]
  it.each(names)('names by %s: match=%s', (_, i1, l1, i2, l2, match) => {
    expect(nameKey({ issuer: i1, label: l1 }) === nameKey({ issuer: i2, label: l2 })).toBe(match)
  })

  it('an account with neither issuer nor label has no name key', () => {
    expect(nameKey({ issuer: ' ', label: '' })).toBeNull()
  })
})

describe('DuplicateIndex and matchBatch', () => {
  const existing = [
    saved('e1', acct('GitHub', 'me', 'JBSWY3DPEHPK3PXP')),
    saved('e2', acct('GitHub', 'me', 'JBSWY3DPEHPK3PXP')), // a second copy: first wins
    saved('e3', acct('', '', 'GEZDGNBV')),
    saved('e4', acct('', '', 'MFRGGZDF')),
    saved('e5', acct('Bank', 'me', 'ONSWG4TF', 'hotp'))
  ]
  const index = new DuplicateIndex(existing)

  const cases: [string, NewAccount, ReturnType<DuplicateIndex['match']>][] = [
    [
      'exact copy, other spelling',
      acct('github', ' ME', 'jbsw y3dp ehpk 3pxp'),
      { sameSecret: 'e1', sameName: 'e1', exact: 'e1' }
    ],
    ['same secret, other name', acct('Other', 'x', 'JBSWY3DPEHPK3PXP'), { sameSecret: 'e1' }],
    ['same name, other secret', acct('GITHUB', 'me', 'KRSXG5A='), { sameName: 'e1' }],
    ['same secret, other type', acct('Bank', 'you', 'ONSWG4TF', 'totp'), {}],
    ['unnamed, other secret: no name match', acct('', '', 'KRSXG5A'), {}],
    ['unnamed, same secret', acct('', '', 'gezd gnbv'), { sameSecret: 'e3' }],
    ['new', acct('New', 'me', 'KRSXG5A'), {}]
  ]
  it.each(cases)('%s', (_, candidate, expected) => {
    expect(index.match(candidate)).toEqual(expected)
  })

  it('repeats within the batch point at the first occurrence', () => {
    const batch = [
      acct('A', 'x', 'KRSXG5A'),
      acct('a', 'X', 'MZXW6'), // same name as 0
      acct('B', 'y', 'krsx g5a='), // same secret as 0
      acct('', '', 'NBSWY3DP'),
      acct('', '', 'NBSWY3DQ'), // unnamed: not a repeat of 3
      acct('C', 'z', 'KRSXG5A') // same secret as 0 again
    ]
    expect(matchBatch(batch, existing)).toEqual([
      {},
      { earlierSameName: 0 },
      { earlierSameSecret: 0 },
      {},
      {},
      { earlierSameSecret: 0 }
    ])
  })

  it('is linear: 20,000 candidates against 20,000 saved accounts read each field a few times', () => {
    const n = 20_000
    let reads = 0
    const counted = (a: NewAccount, id?: string): NewAccount & { id: string } => {
      const o = { id: id ?? '' } as NewAccount & { id: string }
      for (const k of ['issuer', 'label', 'otp'] as const) {
        Object.defineProperty(o, k, {
          get: () => {
            reads++
            return a[k]
          }
        })
      }
      return o
    }
    const secretOf = (i: number) =>
      bytesToBase32(new Uint8Array([i >> 16, (i >> 8) & 255, i & 255, 7, 7]))
    const saved = Array.from({ length: n }, (_, i) =>
      counted(acct(`Svc ${i}`, 'me', secretOf(i)), `id-${i}`)
    )
    // Every other candidate repeats a saved secret (shifted by half, so first/last both hit).
    const candidates = Array.from({ length: n }, (_, i) =>
      counted(acct(`New ${i}`, 'me', secretOf(i % 2 === 0 ? (i + n / 2) % n : n + i)))
    )
    const result = matchBatch(candidates, saved)
    // A pairwise comparison would read fields ~n*n = 400,000,000 times.
    expect(reads).toBeLessThanOrEqual(10 * 2 * n)
    expect(result.filter((m) => m.sameSecret !== undefined)).toHaveLength(n / 2)
    expect(result[0]).toEqual({ sameSecret: `id-${n / 2}` })
    expect(result[1]).toEqual({})

    reads = 0
    findDuplicates(candidates, saved as unknown as Account[])
    flagDuplicates(
      candidates.map((account, i) => ({ key: `k${i}`, account, source: 's' })),
      saved as unknown as Account[]
    )
    expect(reads).toBeLessThanOrEqual(2 * 10 * 2 * n)
  })
})

describe('import, scan, manual add and add by URI classify the same account the same way', () => {
  type Verdict = { kind: 'new' } | { kind: 'same-secret' | 'same-name'; of: string }

  async function vault() {
    const store = new MemoryAccountStore(() => 1_700_000_000_000)
    const [github, bank, unnamed] = await store.addMany([
      acct('GitHub', 'me@example.com', 'JBSWY3DPEHPK3PXP'),
      acct('Bank', 'me', 'ONSWG4TFOQYTEMZU', 'hotp'),
      acct('', '', 'GEZDGNBVGY3TQOJQ')
    ])
    if (!github || !bank || !unnamed) throw new Error('store did not add the accounts')
    return { store, ids: { github: github.id, bank: bank.id, unnamed: unnamed.id } }
  }

  function byImport(c: NewAccount, existing: Account[]): Verdict {
    const [d] = findDuplicates([c], existing)
    if (!d) return { kind: 'new' }
    return { kind: d.reason, of: d.existingId ?? 'earlier' }
  }

  function byScan(c: NewAccount, existing: Account[]): Verdict {
    const [f] = flagDuplicates([{ key: 'acc-1', account: c, source: 'screen' }], existing)
    if (f?.duplicateOf) return { kind: 'same-secret', of: f.duplicateOf }
    if (f?.conflictWith) return { kind: 'same-name', of: f.conflictWith }
    return { kind: 'new' }
  }

  async function byService(
    c: NewAccount,
    store: MemoryAccountStore,
    how: 'manual' | 'uri'
  ): Promise<Verdict> {
    const service = new AccountsService(store, () => 1_700_000_000_000)
    const match = service.findDuplicate(c)
    try {
      if (how === 'manual') await service.addManual({ ...c.otp, issuer: c.issuer, label: c.label })
      else await service.addFromUri(formatOtpauthUri(c))
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'DUPLICATE') throw err
      // What the user is told must agree with what findDuplicate found.
      expect(err.details).toMatchObject({
        sameSecret: match?.sameSecret,
        sameName: match?.sameName
      })
      if (!match) throw new Error('DUPLICATE refused without a match', { cause: err })
      return { kind: match.sameSecret ? 'same-secret' : 'same-name', of: match.existing.id }
    }
    expect(match).toBeNull()
    return { kind: 'new' }
  }

  const cases: [string, NewAccount, 'new' | 'same-secret' | 'same-name', string?][] = [
    ['exact copy', acct('GitHub', 'me@example.com', 'JBSWY3DPEHPK3PXP'), 'same-secret', 'github'],
    [
      'same secret typed with spaces and lower case',
      acct('GitHub (work)', 'me', 'jbsw y3dp ehpk 3pxp'),
      'same-secret',
      'github'
    ],
    [
      'same name in other case',
      acct('github', 'ME@example.com', 'KRSXG5DSN5XG4ZLT'),
      'same-name',
      'github'
    ],
    ['same secret as HOTP, this one TOTP', acct('Bank', 'you', 'ONSWG4TFOQYTEMZU'), 'new'],
    ['unnamed with another secret', acct('', 'x', 'MFRGGZDFMZTWQ2LK'), 'new'],
    [
      'unnamed with the same secret',
      acct('Tool', 'x', 'gezdgnbvgy3tqojq'),
      'same-secret',
      'unnamed'
    ],
    ['a new account', acct('Mail', 'me', 'MFRGGZDFMZTWQ2LK'), 'new']
  ]

  it.each(cases)('%s', async (_, candidate, kind, of) => {
    const { store, ids } = await vault()
    const expected: Verdict = kind === 'new' ? { kind } : { kind, of: ids[of as keyof typeof ids] }
    const existing = store.list()
    expect(byImport(candidate, existing)).toEqual(expected)
    expect(byScan(candidate, existing)).toEqual(expected)
    expect(await byService(candidate, store, 'manual')).toEqual(expected)
    // A fresh vault: the manual add above saved the new ones.
    const again = await vault()
    expect(await byService(candidate, again.store, 'uri')).toEqual(
      kind === 'new' ? expected : { kind, of: again.ids[of as keyof typeof again.ids] }
    )
  })
})
