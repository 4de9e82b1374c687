/**
 * Which accounts the Quick copy window offers for what was typed: favourites first, then the
 * accounts copied most recently, then the rest in the user's order; within each group, names that
 * start with what was typed come before names that only contain it. Pure, so the window and the
 * unit tests rank the same way.
 */
import type { AccountView } from './model'

/** Rows the Quick copy window shows (and computes codes for). */
export const QUICK_COPY_ROWS = 8

function words(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean)
}

/** 0: every typed word starts a word of the name; 1: found inside; null: not a match. */
function matchQuality(account: AccountView, typed: readonly string[]): 0 | 1 | null {
  if (typed.length === 0) return 0
  const name = `${account.issuer} ${account.label}`.toLowerCase()
  const haystack = `${name} ${account.tags.map((t) => `#${t.toLowerCase()}`).join(' ')}`
  const starts = haystack.split(/[\s@.:_\-()]+/).filter(Boolean)
  let prefixAll = true
  for (const w of typed) {
    if (!haystack.includes(w)) return null
    if (!starts.some((s) => s.startsWith(w.replace(/^#/, '')) || s.startsWith(w))) prefixAll = false
  }
  return prefixAll ? 0 : 1
}

/**
 * The accounts to show for `query`, best first, at most `limit`. Only active accounts (pending
 * and archived ones have no code to copy). `recent` is newest first.
 */
export function rankQuickCopy(
  accounts: readonly AccountView[],
  query: string,
  recent: readonly string[],
  limit = QUICK_COPY_ROWS
): AccountView[] {
  const typed = words(query)
  const recency = new Map<string, number>()
  recent.forEach((id, i) => {
    if (!recency.has(id)) recency.set(id, i)
  })
  const scored: { a: AccountView; fav: number; rec: number; q: number }[] = []
  for (const a of accounts) {
    if (a.status !== 'active') continue
    const q = matchQuality(a, typed)
    if (q === null) continue
    scored.push({ a, fav: a.favorite ? 0 : 1, rec: recency.get(a.id) ?? Infinity, q })
  }
  scored.sort(
    (x, y) =>
      x.fav - y.fav ||
      (x.rec === y.rec ? 0 : x.rec < y.rec ? -1 : 1) ||
      x.q - y.q ||
      x.a.order - y.a.order
  )
  return scored.slice(0, Math.max(0, limit)).map((s) => s.a)
}
