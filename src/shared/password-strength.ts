/**
 * A rough strength hint for a new vault password: length and variety, and a few patterns people
 * reuse. It only advises; main enforces the minimum length.
 */
import { MIN_PASSWORD_LENGTH } from './ipc/vault'

export type Strength = 'empty' | 'too-short' | 'weak' | 'fair' | 'strong'

export interface StrengthHint {
  strength: Strength
  /** 0–4, for the meter. */
  score: number
  /** What to do next, in plain words. */
  message: string
}

const COMMON = /^(?:password|passw0rd|qwerty|letmein|welcome|iloveyou|admin|tessera|123456|abc123)/i

/** Estimates the strength of a new password. */
export function passwordStrength(password: string): StrengthHint {
  if (password.length === 0) {
    return {
      strength: 'empty',
      score: 0,
      message: `Use at least ${MIN_PASSWORD_LENGTH} characters; a few unrelated words work well.`
    }
  }
  if (password.length < MIN_PASSWORD_LENGTH) {
    const left = MIN_PASSWORD_LENGTH - password.length
    return {
      strength: 'too-short',
      score: 0,
      message: `Too short: ${left} more character${left === 1 ? '' : 's'} at least.`
    }
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length
  const distinct = new Set(password).size
  const words = password.trim().split(/\s+/).length
  let points = 0
  if (password.length >= 12) points++
  if (password.length >= 16) points++
  if (password.length >= 20 || words >= 4) points++
  if (classes >= 3) points++
  if (distinct < password.length / 3 || COMMON.test(password) || /^(.)\1+$/.test(password)) {
    points = 0
  }
  if (points <= 1) {
    return {
      strength: 'weak',
      score: 1,
      message: 'Weak: easy to guess. Make it longer, for example three or four unrelated words.'
    }
  }
  if (points === 2) {
    return { strength: 'fair', score: 2, message: 'Fair: a few more characters make it strong.' }
  }
  return { strength: 'strong', score: points >= 4 ? 4 : 3, message: 'Strong password.' }
}
