import { admitAccount } from '../../main/core/accounts/admit'
import { parseOtpauthUri } from '../../main/core/otpauth'
import type { CliCommand } from '../command'

export const addCommand: CliCommand = {
  name: 'add',
  summary: "Add an account from an otpauth:// URI; prints the new account's id.",
  usage: '<otpauth-uri>',
  description:
    'Quote the URI in the shell: it contains "&" and "?". Give "-" instead of the URI to read it\n' +
    'from stdin, which keeps the secret out of the process list and the shell history.',
  args: { min: 1, max: 1 },
  async run(ctx) {
    const arg = ctx.args[0]!
    const account = admitAccount(
      parseOtpauthUri(arg === '-' ? (await ctx.readStdin()).trim() : arg)
    )
    const vault = await ctx.openVault()
    const [added] = await vault.addMany([account])
    ctx.print({ id: added!.id, issuer: added!.issuer, label: added!.label }, added!.id)
  }
}
