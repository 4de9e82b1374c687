import { AccountsService } from '../../main/core/accounts/service'
import { accountName } from '../../shared/code-format'
import type { CliCommand } from '../command'

export const listCommand: CliCommand = {
  name: 'list',
  summary: 'List accounts (no secrets).',
  usage: '',
  description: 'JSON: [{id, issuer, label, type, algorithm, digits, period, counter}]',
  args: { min: 0, max: 0 },
  async run(ctx) {
    // The app's view of each account, narrowed to the documented JSON fields.
    const rows = new AccountsService(await ctx.openVault(), () => ctx.now())
      .list()
      .map(({ id, issuer, label, type, algorithm, digits, period, counter }) => ({
        id,
        issuer,
        label,
        type,
        algorithm,
        digits,
        period,
        counter
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
