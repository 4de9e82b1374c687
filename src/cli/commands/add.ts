import { parseOtpauthUri } from '../../main/core/otpauth'
import type { CliCommand } from '../command'

export const addCommand: CliCommand = {
  name: 'add',
  summary: "Add an account from an otpauth:// URI; prints the new account's id.",
  usage: '<otpauth-uri>',
  description: 'Quote the URI in the shell: it contains "&" and "?".',
  args: { min: 1, max: 1 },
  async run(ctx) {
    const account = parseOtpauthUri(ctx.args[0]!)
    const vault = await ctx.openVault()
    const [added] = await vault.addMany([account])
    ctx.print({ id: added!.id, issuer: added!.issuer, label: added!.label }, added!.id)
  }
}
