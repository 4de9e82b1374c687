/** How codes and account names are shown to people: shared by the renderer and the CLI. */
import { cleanName } from './text'

/**
 * Splits a code into groups that are easy to read aloud: threes when the length allows it
 * (123 456, 123 456 789), otherwise two halves (1234 5678, 12345 67890, 123 4567). Steam's
 * five characters stay whole.
 */
export function groupCode(code: string): string {
  const n = code.length
  if (n <= 5) return code
  if (n % 3 === 0) return code.match(/.{3}/g)?.join(' ') ?? code
  const half = Math.floor(n / 2)
  return `${code.slice(0, half)} ${code.slice(half)}`
}

/**
 * "GitHub (alice@example.com)", or whichever of the two is present. Both are cleaned
 * (shared/text): a name stored before names were cleaned cannot reorder or recolour the line.
 */
export function accountName(issuer: string, label: string): string {
  const i = cleanName(issuer)
  const l = cleanName(label)
  if (i && l) return `${i} (${l})`
  return i || l || 'Unnamed account'
}
