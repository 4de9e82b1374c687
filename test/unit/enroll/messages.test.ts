/**
 * The one catalogue of enrollment error words (src/shared/enroll-messages.ts): main writes the
 * error's message from it, the Servers screen its next step, so both halves name the same fact.
 */
import { describe, expect, it } from 'vitest'
import { httpError } from '../../../src/main/core/enroll/http-errors'
import { enrollErrorMessage, nextStepFor } from '../../../src/shared/enroll-messages'

const NOW = Date.UTC(2027, 0, 15, 8, 0, 0)

describe('enrollment error catalogue', () => {
  it('an HTTP 429 with Retry-After: main says how long, the screen waits that long', () => {
    const err = httpError('answer', 429, '{}', '42', NOW)
    expect(err.code).toBe('RATE_LIMITED')
    expect(err.message).toBe(enrollErrorMessage('RATE_LIMITED', { retryAfter: 42 }))
    expect(err.message).toContain('Wait 42 seconds')
    expect(nextStepFor(err.toJSON())).toEqual({
      text: 'The server asked Tessera to slow down. Wait 42 s, then try again.',
      action: 'wait',
      waitSeconds: 42
    })
  })

  it('a wrong code with attempts left: both halves give the count', () => {
    const err = httpError('answer', 400, '{"attemptsLeft":2}', null, NOW)
    expect(err.message).toContain('2 attempts left')
    expect(nextStepFor(err.toJSON()).text).toContain('allows 2 more attempts')
    expect(nextStepFor(err.toJSON()).action).toBe('retry')
  })

  it.each([
    ['TOKEN_EXPIRED', 'edit'],
    ['CHALLENGE_EXPIRED', 'start-over'],
    ['LOCKED_OUT', 'none'],
    ['TLS', 'none'],
    ['NETWORK', 'retry'],
    ['AMBIGUOUS', 'finish']
  ] as const)('%s leads to the %s action', (code, action) => {
    expect(nextStepFor({ code, message: enrollErrorMessage(code) }).action).toBe(action)
  })

  it('a clock far off the server’s comes first, whatever the code', () => {
    const step = nextStepFor({
      code: 'WRONG_CODE',
      message: enrollErrorMessage('WRONG_CODE'),
      details: { clockSkewSeconds: -95 }
    })
    expect(step).toMatchObject({ action: 'start-over' })
    expect(step.text).toContain('95 s off')
  })

  it('codes outside the catalogue still get a message and a next step', () => {
    expect(enrollErrorMessage('IO')).toBe('Something went wrong talking to the server. Try again.')
    expect(nextStepFor({ code: 'IO', message: 'x' })).toEqual({
      text: 'Check the server is reachable, then try again.',
      action: 'retry'
    })
  })
})
