/**
 * Whether `text`'s JSON nests deeper than `limit`, counted without parsing (strings and their
 * escapes skipped) and stopping as soon as it passes: a hostile file of a million `[` costs one
 * linear pass and no stack. JSON.parse copes with any depth, but 5 million nested arrays (10 MB)
 * took it 4 s, so readers of untrusted JSON ask this first.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) {
      inString = true
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true
    } else if (c === 0x5d || c === 0x7d) {
      depth--
    }
  }
  return false
}
