import type { NewAccount } from '../../../src/shared/model'

/** An expected account as the corpora's EXPECTED.json files write it. */
export interface ExpectedEntry {
  type: string
  issuer?: string
  name?: string
  account?: string
  secret: string
  algorithm?: string
  digits?: number
  period?: number
  counter?: number
  note?: string
}

/** The fields of an imported account an expectation names, in the expectation's shape. */
export function project(a: NewAccount, e: ExpectedEntry): Record<string, unknown> {
  const out: Record<string, unknown> = { type: a.otp.type, secret: a.otp.secret }
  if (e.issuer !== undefined) out.issuer = a.issuer
  if (e.name !== undefined) out.name = a.label
  if (e.account !== undefined) out.account = a.label
  if (e.algorithm !== undefined) out.algorithm = a.otp.algorithm
  if (e.digits !== undefined) out.digits = a.otp.digits
  if (e.period !== undefined) out.period = a.otp.period
  if (e.counter !== undefined) out.counter = a.otp.counter
  if (e.note !== undefined) out.note = a.note
  return out
}

export function expected(e: ExpectedEntry): Record<string, unknown> {
  const out: Record<string, unknown> = { type: e.type, secret: e.secret }
  for (const k of [
    'issuer',
    'name',
    'account',
    'algorithm',
    'digits',
    'period',
    'counter',
    'note'
  ] as const) {
    if (e[k] !== undefined) out[k] = e[k]
  }
  return out
}

/** Sorts both lists the same way so order differences between apps do not matter. */
export function sortKey(x: Record<string, unknown>): string {
  return `${String(x.secret)}|${String(x.type)}|${String(x.issuer ?? '')}|${String(x.name ?? x.account ?? '')}`
}

export function compareSets(
  actual: NewAccount[],
  exp: ExpectedEntry[]
): { got: Record<string, unknown>[]; want: Record<string, unknown>[] } {
  // Pair each expectation with an actual account by secret+type first, so projections line up.
  const pool = [...actual]
  const got: Record<string, unknown>[] = []
  for (const e of exp) {
    const i = pool.findIndex(
      (a) =>
        a.otp.secret === e.secret &&
        a.otp.type === e.type &&
        (e.issuer === undefined || a.issuer === e.issuer)
    )
    const j = i >= 0 ? i : pool.findIndex((a) => a.otp.secret === e.secret)
    if (j >= 0) got.push(project(pool.splice(j, 1)[0] as NewAccount, e))
  }
  for (const a of pool)
    got.push({ unexpected: `${a.issuer}/${a.label}/${a.otp.type}/${a.otp.secret}` })
  const want = exp.map(expected)
  return {
    got: got.sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
    want: want.sort((a, b) => sortKey(a).localeCompare(sortKey(b)))
  }
}
