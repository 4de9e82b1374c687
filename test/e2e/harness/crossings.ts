/**
 * What crossed the IPC boundary into the page, checked for secrets: the harness records every
 * call and result (`harness.crossings`); none may carry a stored secret in any encoding.
 */
import { secretEncodings } from '../../unit/ipc/fixtures'
import { expect } from './fixtures'

/** Every call and result that crossed into the page, as one string to search. */
export const crossedText = (crossings: readonly unknown[]): string => JSON.stringify(crossings)

/** The encodings (base32, hex, base64, …) of `secrets` found in `text`. */
export function secretsIn(text: string, secrets: readonly string[]): string[] {
  return secrets.flatMap((s) => secretEncodings(s).filter((e) => text.includes(e)))
}

/** Fails, naming the encoding, if any of `secrets` crossed into the page. */
export function expectNoSecretsCrossed(
  crossings: readonly unknown[],
  secrets: readonly string[]
): void {
  const crossed = crossedText(crossings)
  for (const secret of secrets)
    for (const e of secretEncodings(secret)) expect(crossed.includes(e), e).toBe(false)
}
