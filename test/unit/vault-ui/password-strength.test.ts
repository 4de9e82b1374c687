import { describe, expect, it } from 'vitest'
import { passwordStrength } from '../../../src/shared/password-strength'

describe('passwordStrength', () => {
  it.each([
    ['', 'empty'],
    ['abc', 'too-short'],
    ['abcdefg', 'too-short'],
    ['password123', 'weak'],
    ['aaaaaaaaaaaaaaaa', 'weak'],
    ['qwertyuiop', 'weak'],
    ['Sunflower-42', 'fair'],
    ['tangerine glacier pocket violin', 'strong'],
    ['Tr0ub4dor&3-horse-staple', 'strong']
  ])('%j is %s', (password, strength) => {
    expect(passwordStrength(password).strength).toBe(strength)
  })

  it('says how many characters are missing', () => {
    expect(passwordStrength('abcdef').message).toMatch(/2 more characters/)
    expect(passwordStrength('abcdefg').message).toMatch(/1 more character at least/)
  })
})
