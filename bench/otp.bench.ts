/*
 * OTP engine throughput: the UI asks for the codes of the visible rows every tick and the
 * biggest vaults hold 10,000 accounts. Budgets are per call on a shared 2-core machine.
 * Run: npx tsx bench/otp.bench.ts
 */
import { codeView, generateCode } from '../src/main/core/otp'
import { formatOtpauthUri, parseOtpauthUri } from '../src/main/core/otpauth'
import type { OtpParams } from '../src/shared/model'

function secretOf(i: number, bytes: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let s = ''
  for (let j = 0; j < Math.ceil((bytes * 8) / 5); j++) s += alphabet[(i * 31 + j * 7) % 32]
  return s
}

const N = 10_000
const accounts: { id: string; otp: OtpParams }[] = Array.from({ length: N }, (_, i) => {
  const kind = i % 10
  const otp: OtpParams =
    kind < 6
      ? {
          type: 'totp',
          secret: secretOf(i, 20),
          algorithm: 'SHA1',
          digits: 6,
          period: 30,
          counter: 0
        }
      : kind === 6
        ? {
            type: 'totp',
            secret: secretOf(i, 32),
            algorithm: 'SHA256',
            digits: 8,
            period: 30,
            counter: 0
          }
        : kind === 7
          ? {
              type: 'hotp',
              secret: secretOf(i, 10),
              algorithm: 'SHA512',
              digits: 6,
              period: 30,
              counter: i
            }
          : kind === 8
            ? {
                type: 'steam',
                secret: secretOf(i, 20),
                algorithm: 'SHA1',
                digits: 5,
                period: 30,
                counter: 0
              }
            : {
                type: 'yandex',
                secret: secretOf(i, 16),
                algorithm: 'SHA256',
                digits: 8,
                period: 30,
                counter: 0,
                pin: '1234'
              }
  return { id: `a${i}`, otp }
})
const uris = accounts.map((a) =>
  formatOtpauthUri({ issuer: 'Issuer', label: `user${a.id}@example.com`, otp: a.otp })
)

interface Row {
  name: string
  perCallUs: number
  budgetUs: number
}
const rows: Row[] = []

function measure(name: string, budgetUs: number, calls: number, fn: () => void): void {
  fn() // warm up
  let best = Number.POSITIVE_INFINITY
  for (let run = 0; run < 5; run++) {
    const t0 = process.hrtime.bigint()
    fn()
    const us = Number(process.hrtime.bigint() - t0) / 1000
    best = Math.min(best, us)
  }
  rows.push({ name, perCallUs: best / calls, budgetUs })
}

const t = 1_700_000_000_000
measure('generateCode, 10k mixed accounts', 50, N, () => {
  for (const a of accounts) generateCode(a.otp, t)
})
measure('codeView+next, 10k mixed accounts', 100, N, () => {
  for (const a of accounts) codeView(a, t, true)
})
const visible = accounts.slice(0, 40)
measure('codeView+next, 40 visible rows (per row)', 100, visible.length, () => {
  for (const a of visible) codeView(a, t, true)
})
measure('parseOtpauthUri, 10k URIs', 50, N, () => {
  for (const u of uris) parseOtpauthUri(u)
})

console.log('| measurement | per call (us) | budget (us) | result |')
console.log('|---|---:|---:|---|')
for (const r of rows) {
  console.log(
    `| ${r.name} | ${r.perCallUs.toFixed(2)} | ${r.budgetUs} | ${r.perCallUs <= r.budgetUs ? 'OK' : 'OVER'} |`
  )
}
const total10k = ((rows[1]?.perCallUs ?? 0) * N) / 1000
console.log(
  `\nAll 10,000 accounts with next code: ${total10k.toFixed(1)} ms (budget 1000 ms: ${total10k <= 1000 ? 'OK' : 'OVER'})`
)
