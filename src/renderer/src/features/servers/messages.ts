/** What to do next after an enrollment ends in an error: one plain sentence and one action. */
import type { ErrorShape } from '../../../../shared/errors'

export type NextAction = 'retry' | 'start-over' | 'wait' | 'finish' | 'edit' | 'none'

export interface NextStep {
  text: string
  action: NextAction
  /** For `wait`: seconds the server asked for. */
  waitSeconds?: number
}

export function nextStepFor(error: ErrorShape): NextStep {
  const d = error.details ?? {}
  const skew = typeof d.clockSkewSeconds === 'number' ? Math.abs(d.clockSkewSeconds) : null
  if (skew !== null && skew > 30) {
    return {
      text: `Fix this computer’s clock (it is ${skew} s off the server’s): turn on “Set time automatically” in the system settings, then start over.`,
      action: 'start-over'
    }
  }
  switch (error.code) {
    case 'WRONG_CODE': {
      const left =
        typeof d.attemptsLeft === 'number'
          ? ` The server allows ${d.attemptsLeft} more attempts.`
          : ''
      return {
        text: `Try again; Tessera will start over with a fresh code.${left}`,
        action: 'retry'
      }
    }
    case 'CHALLENGE_EXPIRED':
      return {
        text: 'The server’s challenge ran out. Start over to get a new one.',
        action: 'start-over'
      }
    case 'RATE_LIMITED': {
      const wait = typeof d.retryAfter === 'number' ? d.retryAfter : 60
      return {
        text: `The server asked Tessera to slow down. Wait ${wait} s, then try again.`,
        action: 'wait',
        waitSeconds: wait
      }
    }
    case 'LOCKED_OUT':
      return {
        text: 'Your account on the server is locked. Contact your administrator to unlock it.',
        action: 'none'
      }
    case 'TOKEN_EXPIRED':
      return {
        text: 'Get a new access token from the server and paste it into this server’s settings.',
        action: 'edit'
      }
    case 'ALREADY_ENROLLED':
      return {
        text: 'Two-factor is already on for this account. Turn it off on the server first to enroll Tessera.',
        action: 'none'
      }
    case 'AMBIGUOUS':
      return {
        text: 'The account is kept as unfinished. Press Finish to check with the server again, or Discard it.',
        action: 'finish'
      }
    case 'DUPLICATE':
      return {
        text: 'Finish or discard the unfinished enrollment listed on this screen first.',
        action: 'none'
      }
    case 'CANCELLED':
      return {
        text: 'Cancelled before any code was sent; nothing changed on the server.',
        action: 'retry'
      }
    case 'SECRET_MISMATCH':
    case 'MALFORMED_RESPONSE':
      return {
        text: 'The server answered something Tessera cannot trust. Tell the server’s administrator.',
        action: 'none'
      }
    case 'TLS':
      return {
        text: 'Tessera never skips the certificate check. Ask the administrator to fix the server’s certificate.',
        action: 'none'
      }
    case 'SERVER_ERROR':
      return { text: 'Wait a few minutes, then try again.', action: 'retry' }
    case 'TIMEOUT':
    case 'NETWORK':
      return {
        text: 'Check this computer is online and the server address is right, then try again.',
        action: 'retry'
      }
    case 'VAULT_LOCKED':
      return { text: 'Unlock the vault, then try again.', action: 'none' }
    default:
      return { text: 'Check the server is reachable, then try again.', action: 'retry' }
  }
}

/** Where a form error from the core belongs. */
export function fieldOf(error: ErrorShape): 'name' | 'baseUrl' | 'token' | null {
  if (error.code === 'DUPLICATE') return 'name'
  if (error.code === 'INSECURE_URL') return 'baseUrl'
  const m = error.message.toLowerCase()
  if (m.includes('token')) return 'token'
  if (m.includes('address') || m.includes('url')) return 'baseUrl'
  if (m.includes('name')) return 'name'
  return null
}

export const TYPE_LABELS = { ucloud: 'UCloud', vantage: 'Vantage' } as const
