import { describe, expect, it } from 'vitest'
import { MemoryAccountStore } from '../../helpers/memory-account-store'
import {
  findDuplicates,
  importFile,
  reviewImport,
  selectForSave
} from '../../../src/main/core/import'
import type { NewAccount } from '../../../src/shared/model'
import { readCorpus } from '../../helpers/corpora'

const totp = (issuer: string, label: string, secret: string): NewAccount => ({
  issuer,
  label,
  otp: { type: 'totp', secret, algorithm: 'SHA1', digits: 6, period: 30, counter: 0 }
})

describe('findDuplicates', () => {
  it('same secret and type, whatever the name; or same issuer and name, ignoring case', async () => {
    const store = new MemoryAccountStore(() => 1)
    const [a, b] = await store.addMany([
      totp('GitHub', 'alice', 'JBSWY3DPEHPK3PXP'),
      totp('Bank', 'me', 'GEZDGNBVGY3TQOJQ')
    ])
    const found = [
      totp('Renamed', 'whoever', 'jbsw y3dp ehpk 3pxp'),
      totp('bank', 'ME', 'MFRGGZDFMZTWQ2LK'),
      totp('New', 'one', 'MFRGGZDFMZTWQ2LL'),
      totp('New', 'two', 'MFRGGZDFMZTWQ2LL'),
      {
        ...totp('GitHub', 'alice2', 'JBSWY3DPEHPK3PXP'),
        otp: { ...totp('', '', 'JBSWY3DPEHPK3PXP').otp, type: 'hotp' as const }
      }
    ]
    expect(findDuplicates(found, store.list())).toEqual([
      { index: 0, existingId: a!.id, reason: 'same-secret' },
      { index: 1, existingId: b!.id, reason: 'same-name' },
      { index: 3, existingId: null, earlierIndex: 2, reason: 'same-secret' }
    ])
  })
})

describe('review and save', () => {
  it('the review lists found entries without secrets, marks duplicates, and saves the rest in one write', async () => {
    const store = new MemoryAccountStore(() => 1)
    const first = await importFile(readCorpus('aegis', 'importers', 'aegis_plain.json'))
    await store.addMany(first.accounts.slice(0, 2))
    const again = await importFile(readCorpus('aegis', 'importers', 'andotp_plain.json'))
    const review = reviewImport(again, store.list())
    expect(review.formatName).toBe('andOTP')
    expect(review.counts).toEqual({ found: 7, duplicates: 2, failed: 0 })
    expect(JSON.stringify(review)).not.toContain('4SJHB4GSD43FZBAI7C2HLRJGPQ')
    expect(
      review.entries
        .filter((e) => e.duplicate)
        .map((e) => e.issuer)
        .sort()
    ).toEqual(['Deno', 'SPDX'])
    const toSave = selectForSave(again, store.list())
    expect(toSave).toHaveLength(5)
    let writes = 0
    const addMany = store.addMany.bind(store)
    store.addMany = async (list) => {
      writes++
      return addMany(list)
    }
    await store.addMany(toSave)
    expect(writes).toBe(1)
    expect(store.list()).toHaveLength(7)
    expect(reviewImport(again, store.list()).counts.duplicates).toBe(7)
  })

  it('an explicit selection saves exactly those rows, in file order, ignoring bad indexes', async () => {
    const result = await importFile(readCorpus('aegis', 'importers', 'aegis_plain.json'))
    const picked = selectForSave(result, [], [3, 0, 3, 99, -1])
    expect(picked.map((a) => a.issuer)).toEqual([
      result.accounts[0]!.issuer,
      result.accounts[3]!.issuer
    ])
  })
})
