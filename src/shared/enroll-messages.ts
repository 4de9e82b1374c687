/**
 * The words for an enrollment that ended in an error, in one catalogue: for each code, what
 * happened (the error's message, written in main when the error is made) and what to do next
 * (the sentence and the one action the Servers screen offers). Main and the renderer both read
 * this table, so the two halves of one message cannot drift apart.
 */
import type { ErrorCode, ErrorDetails, ErrorShape } from './errors'

/** The one action the Servers screen offers after an enrollment error. */
export type NextAction = 'retry' | 'start-over' | 'wait' | 'finish' | 'edit' | 'none'

/** What to do next: one plain sentence and one action. */
export interface NextStep {
  text: string
  action: NextAction
  /** For `wait`: seconds the server asked for. */
  waitSeconds?: number
}

interface Entry {
  /** What happened, with the next step, as the error's message. */
  message?: (details: ErrorDetails) => string
  /** What the Servers screen says and offers after it. */
  next?: (details: ErrorDetails) => NextStep
}

const retryAfter = (d: ErrorDetails): number | undefined =>
  typeof d.retryAfter === 'number' ? d.retryAfter : undefined

const CATALOGUE: Partial<Record<ErrorCode, Entry>> = {
  WRONG_CODE: {
    message: (d) =>
      d.attemptsLeft !== undefined
        ? `The server did not accept the code (${String(d.attemptsLeft)} attempts left). Check that this computer's clock is right, then start the enrollment again.`
        : "The server did not accept the code. Check that this computer's clock is right, then start the enrollment again.",
    next: (d) => ({
      text: `Try again; Tessera will start over with a fresh code.${
        typeof d.attemptsLeft === 'number'
          ? ` The server allows ${d.attemptsLeft} more attempts.`
          : ''
      }`,
      action: 'retry'
    })
  },
  CHALLENGE_EXPIRED: {
    message: () =>
      'The server no longer knows this enrollment (it expired or was replaced). The unfinished account was discarded; start the enrollment again.',
    next: () => ({
      text: 'The server’s challenge ran out. Start over to get a new one.',
      action: 'start-over'
    })
  },
  ALREADY_ENROLLED: {
    message: () =>
      'Two-factor authentication is already on for this server account. Disable it on the server first if you want to enroll Tessera instead.',
    next: () => ({
      text: 'Two-factor is already on for this account. Turn it off on the server first to enroll Tessera.',
      action: 'none'
    })
  },
  TOKEN_EXPIRED: {
    message: (d) =>
      d.reason === 'forbidden'
        ? "The server refused this profile's access token (403 Forbidden): it is missing, wrong or no longer valid. Get a new token from the server and update the server profile."
        : "The server no longer accepts this profile's access token. Get a new token from the server and update the server profile.",
    next: () => ({
      text: 'Get a new access token from the server and paste it into this server’s settings.',
      action: 'edit'
    })
  },
  LOCKED_OUT: {
    message: () =>
      'The server has locked two-factor changes for this account. Contact your administrator.',
    next: () => ({
      text: 'Your account on the server is locked. Contact your administrator to unlock it.',
      action: 'none'
    })
  },
  RATE_LIMITED: {
    message: (d) =>
      retryAfter(d) !== undefined
        ? `The server asks Tessera to slow down. Wait ${retryAfter(d)} seconds, then try again.`
        : 'The server asks Tessera to slow down. Wait a minute, then try again.',
    next: (d) => {
      const wait = retryAfter(d) ?? 60
      return {
        text: `The server asked Tessera to slow down. Wait ${wait} s, then try again.`,
        action: 'wait',
        waitSeconds: wait
      }
    }
  },
  SERVER_ERROR: {
    message: () =>
      'The server had an internal problem. Try again in a few minutes; if it persists, tell the server administrator.',
    next: () => ({ text: 'Wait a few minutes, then try again.', action: 'retry' })
  },
  MALFORMED_RESPONSE: {
    message: () =>
      'The server sent a reply Tessera could not understand. Check the server address and type in the profile, or tell the server administrator.',
    next: () => untrusted
  },
  SECRET_MISMATCH: { next: () => untrusted },
  TLS: {
    message: () =>
      "The server's certificate could not be verified, so Tessera did not send anything. Check the address; if it is right, the server's certificate must be fixed by its administrator.",
    next: () => ({
      text: 'Tessera never skips the certificate check. Ask the administrator to fix the server’s certificate.',
      action: 'none'
    })
  },
  NETWORK: {
    message: () =>
      'The server could not be reached. Check your network connection and the server address, then try again.',
    next: () => offline
  },
  TIMEOUT: {
    message: () =>
      'The server did not answer in time. Check your network connection and try again.',
    next: () => offline
  },
  WRONG_PASSWORD: {
    message: () =>
      'The server did not accept the account password. Type the password of your account on that server and try again.'
  },
  SERVER_REJECTED: {
    message: () =>
      'The server refused the request. Check the server profile, or tell the server administrator.'
  },
  CANCELLED: {
    message: () => 'Cancelled.',
    next: () => ({
      text: 'Cancelled before any code was sent; nothing changed on the server.',
      action: 'retry'
    })
  },
  AMBIGUOUS: {
    next: () => ({
      text: 'The account is kept as unfinished. Press Finish to check with the server again, or Discard it.',
      action: 'finish'
    })
  },
  DUPLICATE: {
    next: () => ({
      text: 'Finish or discard the unfinished enrollment listed on this screen first.',
      action: 'none'
    })
  },
  VAULT_LOCKED: { next: () => ({ text: 'Unlock the vault, then try again.', action: 'none' }) }
}

const untrusted: NextStep = {
  text: 'The server answered something Tessera cannot trust. Tell the server’s administrator.',
  action: 'none'
}

const offline: NextStep = {
  text: 'Check this computer is online and the server address is right, then try again.',
  action: 'retry'
}

/** The plain-words message for an enrollment error `code`, with the next step. */
export function enrollErrorMessage(code: ErrorCode, details: ErrorDetails = {}): string {
  return (
    CATALOGUE[code]?.message?.(details) ?? 'Something went wrong talking to the server. Try again.'
  )
}

/** What to do next after an enrollment ends in `error`: one plain sentence and one action. */
export function nextStepFor(error: ErrorShape): NextStep {
  const d = error.details ?? {}
  const skew = typeof d.clockSkewSeconds === 'number' ? Math.abs(d.clockSkewSeconds) : null
  if (skew !== null && skew > 30) {
    return {
      text: `Fix this computer’s clock (it is ${skew} s off the server’s): turn on “Set time automatically” in the system settings, then start over.`,
      action: 'start-over'
    }
  }
  return (
    CATALOGUE[error.code]?.next?.(d) ?? {
      text: 'Check the server is reachable, then try again.',
      action: 'retry'
    }
  )
}
