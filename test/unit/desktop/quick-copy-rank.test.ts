import { describe, expect, it } from 'vitest'
import type { AccountView } from '../../../src/shared/model'
import { QUICK_COPY_ROWS, rankQuickCopy } from '../../../src/shared/quick-copy'

let order = 0
function acct(issuer: string, label: string, extra: Partial<AccountView> = {}): AccountView {
  order++
  return {
    id: `${issuer}-${label}`.toLowerCase(),
    issuer,
    label,
    type: 'totp',
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
    tags: [],
    favorite: false,
    order,
    status: 'active',
    ...extra
  }
}

const github = acct('GitHub', 'alice')
const digital = acct('DigitalOcean', 'git@alice')
const gitlab = acct('GitLab', 'alice', { favorite: true })
const aws = acct('AWS', 'root', { tags: ['work'] })
const bank = acct('Bank', 'alice')
const pending = acct('Gitea', 'alice', { status: 'pending' })
const all = [github, digital, gitlab, aws, bank, pending]
const names = (list: AccountView[]) => list.map((a) => a.issuer)

describe('rankQuickCopy', () => {
  it('nothing typed: favourites first, then the most recently copied, then the user’s order', () => {
    expect(names(rankQuickCopy(all, '', [bank.id, aws.id]))).toEqual([
      'GitLab',
      'Bank',
      'AWS',
      'GitHub',
      'DigitalOcean'
    ])
  })

  it('typed: only matches; favourite, then recent, then names starting with it before names containing it', () => {
    expect(names(rankQuickCopy(all, 'git', []))).toEqual(['GitLab', 'GitHub', 'DigitalOcean'])
    expect(names(rankQuickCopy(all, 'git', [digital.id]))).toEqual([
      'GitLab',
      'DigitalOcean',
      'GitHub'
    ])
  })

  it('every word must match (issuer, account name or #tag); case does not matter', () => {
    expect(names(rankQuickCopy(all, 'ALICE git', []))).toEqual(['GitLab', 'GitHub', 'DigitalOcean'])
    expect(names(rankQuickCopy(all, '#work', []))).toEqual(['AWS'])
    expect(rankQuickCopy(all, 'nothing-like-it', [])).toEqual([])
  })

  it('accounts without a code to copy (pending, archived) are never offered', () => {
    expect(names(rankQuickCopy(all, 'gitea', []))).toEqual([])
  })

  it(`shows at most ${QUICK_COPY_ROWS} rows`, () => {
    const many = Array.from({ length: 30 }, (_, i) => acct(`Service ${i}`, 'me'))
    expect(rankQuickCopy(many, 'service', [])).toHaveLength(QUICK_COPY_ROWS)
  })
})
