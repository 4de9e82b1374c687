/** Coloured initials for an issuer: the same issuer always gets the same colour. */

/** Backgrounds that keep white initials above 4.5:1 contrast. */
const COLOURS = [
  '#2f6f8f',
  '#6b4fa3',
  '#a0452e',
  '#2e7d4f',
  '#8a5a00',
  '#b0306a',
  '#3d5a99',
  '#5c6b2e',
  '#7a4e2d',
  '#1f7a7a'
] as const

function hash(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 16777619)
  }
  return h >>> 0
}

export function initialsOf(name: string): string {
  const words = name
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean)
  if (words.length === 0) return '?'
  if (words.length === 1) return [...words[0]!].slice(0, 2).join('').toUpperCase()
  return ([...words[0]!][0]! + [...words[1]!][0]!).toUpperCase()
}

export function Avatar({ name, size = 36 }: { name: string; size?: number }) {
  const colour = COLOURS[hash(name.trim().toLowerCase()) % COLOURS.length]
  return (
    <span
      className="avatar"
      aria-hidden="true"
      style={{ background: colour, width: size, height: size, fontSize: size * 0.4 }}
    >
      {initialsOf(name)}
    </span>
  )
}
