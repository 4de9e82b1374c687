import { accountName } from '../../shared/code-format'
import { cleanName } from '../../shared/text'
import type { CliCommand } from '../command'

export const listCommand: CliCommand = {
  name: 'list',
  summary: 'List accounts (no secrets).',
  usage: '',
  description: 'JSON: [{id, issuer, label, type, algorithm, digits, period, counter}]',
  args: { min: 0, max: 0 },
  async run(ctx) {
    const vault = await ctx.openVault()
    const rows = vault.list().map((a) => ({
      id: a.id,
      issuer: cleanName(a.issuer),
      label: cleanName(a.label),
      type: a.otp.type,
      algorithm: a.otp.algorithm,
      digits: a.otp.digits,
      period: a.otp.period,
      counter: a.otp.counter
    }))
    const text = rows
      .map((r) => `${r.id}  ${r.type.padEnd(6)} ${accountName(r.issuer, r.label)}`)
      .join('\n')
    ctx.print(
      rows,
      rows.length ? text : 'The vault has no accounts yet. Add one with "tessera add".'
    )
  }
}
