/** Shared fixtures of the IPC tests: a fixed clock, a known secret, and URIs built from it. */
import type { CallContext } from '../../../src/main/handlers'
import { composeForTest } from '../../helpers/compose'
import type { EventName, PayloadOf } from '../../../src/shared/ipc'
import { base32Decode } from '../../e2e/harness/independent-otp'

/** 2023-11-14T22:13:20Z: 20 seconds into its 30-second period. */
export const FIXED_NOW = 1_700_000_000_000

/** A 20-byte secret, as base32. */
export const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'

export const TOTP_URI = `otpauth://totp/Example%20Corp:alice%40example.com?secret=${SECRET}&issuer=Example%20Corp&period=30&digits=6&algorithm=SHA1`
export const HOTP_URI = `otpauth://hotp/Counter%20Bank:bob?secret=${SECRET}&issuer=Counter%20Bank&counter=7`

export const ctx: CallContext = { transport: 'direct' }

export type Emitted = { [E in EventName]: { event: E; payload: PayloadOf<E> } }[EventName]

export function setup(now = FIXED_NOW) {
  const clock = { now }
  const emitted: Emitted[] = []
  const internal: string[] = []
  const main = composeForTest({
    clock: () => clock.now,
    ports: { emit: (event, payload) => emitted.push({ event, payload } as Emitted) },
    dispatcher: { onInternalError: (channel) => internal.push(channel) }
  })
  const { copied, clearDelays } = main.recorded
  return {
    clock,
    store: main.vault,
    table: main.table,
    dispatch: main.dispatch,
    main,
    emitted,
    internal,
    copied,
    clearDelays
  }
}

/** Every way the secret could be written down, to scan serialized output for. */
export function secretEncodings(base32: string): string[] {
  const bytes = base32Decode(base32)
  return [
    base32,
    base32.toLowerCase(),
    `${base32}====`,
    base32.match(/.{4}/g)?.join(' ') ?? base32,
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
    bytes.toString('base64'),
    bytes.toString('base64url'),
    [...bytes].join(','),
    bytes.toString('latin1')
  ]
}
