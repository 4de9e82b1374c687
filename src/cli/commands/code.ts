import { AppError } from '../../shared/errors'
import { generateCode, secondsRemaining } from '../../main/core/otp'
import type { CliCommand } from '../command'

export const codeCommand: CliCommand = {
  name: 'code',
  summary: 'Print current codes, optionally only accounts whose issuer or label matches <query>.',
  usage: '[<query>]',
  description:
    'JSON: [{id, issuer, label, code, remaining}] where remaining is the seconds the code stays\n' +
    'valid (null for HOTP). HOTP accounts advance their counter and save it, one code per call.',
  flags: {
    at: {
      type: 'string',
      valueName: '<unix-seconds>',
      description: 'Codes for this time instead of now.'
    }
  },
  args: { min: 0, max: 1 },
  async run(ctx) {
    let atMs = ctx.now()
    const at = ctx.flags.at
    if (typeof at === 'string') {
      if (!/^\d{1,12}$/.test(at)) {
        throw new AppError(
          'INVALID_INPUT',
          `--at takes a Unix time in whole seconds (like 1700000000), not "${at}".`
        )
      }
      atMs = Number(at) * 1000
    }
    const query = ctx.args[0]?.toLowerCase()
    const vault = await ctx.openVault()
    const matches = vault
      .list()
      .filter((a) => a.status !== 'archived')
      .filter(
        (a) =>
          !query || a.issuer.toLowerCase().includes(query) || a.label.toLowerCase().includes(query)
      )
    if (query && matches.length === 0) {
      throw new AppError(
        'NOT_FOUND',
        `No account's issuer or label matches "${ctx.args[0]}". See "tessera list".`
      )
    }
    const rows = []
    for (const a of matches) {
      if (a.otp.type === 'hotp') {
        const used = await vault.advanceCounter(a.id)
        rows.push({
          id: a.id,
          issuer: a.issuer,
          label: a.label,
          code: generateCode(used.otp, atMs),
          remaining: null
        })
      } else {
        rows.push({
          id: a.id,
          issuer: a.issuer,
          label: a.label,
          code: generateCode(a.otp, atMs),
          remaining: secondsRemaining(a.otp, atMs)
        })
      }
    }
    const text = rows
      .map(
        (r) =>
          `${r.code}  ${r.remaining === null ? '   ' : `${String(r.remaining).padStart(2)}s`}  ${r.issuer}${r.issuer && r.label ? ' — ' : ''}${r.label}`
      )
      .join('\n')
    ctx.print(
      rows,
      rows.length ? text : 'The vault has no accounts yet. Add one with "tessera add".'
    )
  }
}
