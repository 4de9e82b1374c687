/** How codes and account names are shown to people: shared by the renderer and the CLI. */

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

/** "GitHub (alice@example.com)", or whichever of the two is present. */
export function accountName(issuer: string, label: string): string {
  if (issuer && label) return `${issuer} (${label})`
  return issuer || label || 'Unnamed account'
}
