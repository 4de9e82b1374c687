import { describe, expect, it } from 'vitest'
import { accountName, groupCode } from '../../../src/shared/code-format'

describe('groupCode (how the codes screen shows a code)', () => {
  it.each([
    ['123456', '123 456'],
    ['1234567', '123 4567'],
    ['12345678', '1234 5678'],
    ['123456789', '123 456 789'],
    ['1234567890', '12345 67890'],
    ['5XK2R', '5XK2R']
  ])('%s → %s', (code, shown) => {
    expect(groupCode(code)).toBe(shown)
    expect(groupCode(code).replaceAll(' ', '')).toBe(code)
  })
})

describe('accountName', () => {
  it('names an account by issuer and label, whichever exist', () => {
    expect(accountName('GitHub', 'alice')).toBe('GitHub (alice)')
    expect(accountName('', 'alice')).toBe('alice')
    expect(accountName('GitHub', '')).toBe('GitHub')
    expect(accountName('', '')).toBe('Unnamed account')
  })
})
