import { AccountsService } from '../../main/core/accounts/service'
import { AppError } from '../../shared/errors'
import { assertManualEntryAllowed } from '../../main/core/policy/enforce'
import type { CliCommand } from '../command'

export const addCommand: CliCommand = {
  name: 'add',
  summary: "Add an account from an otpauth:// URI; prints the new account's id.",
  usage: '<otpauth-uri>',
  description:
    'Quote the URI in the shell: it contains "&" and "?". Give "-" instead of the URI to read it\n' +
    'from stdin, which keeps the secret out of the process list and the shell history.\n' +
    'An exact copy of an account already in the vault (same secret, issuer and name) is refused\n' +
    'with exit code 7 and nothing is written; --allow-duplicate adds it anyway.',
  flags: {
    'allow-duplicate': {
      type: 'boolean',
      description: 'Add the account even when an exact copy is already in the vault.'
    }
  },
  args: { min: 1, max: 1 },
  async run(ctx) {
    assertManualEntryAllowed(await ctx.policies())
    const arg = ctx.args[0]!
    const uri = arg === '-' ? (await ctx.readStdin()).trim() : arg
    const allow = ctx.flags['allow-duplicate'] === true
    const accounts = new AccountsService(await ctx.openVault(), () => ctx.now())
    let added
    try {
      // Only an exact copy is refused here: a same-name account with a new secret is the usual
      // way a script re-adds a rotated key, and the app asks about it rather than refusing.
      added = await accounts.addFromUri(uri, allow ? 'exact' : true)
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'DUPLICATE') throw err
      throw new AppError(
        'DUPLICATE',
        `${err.message} To keep a second copy on purpose, run "tessera add" again with --allow-duplicate.`,
        { details: err.details }
      )
    }
    ctx.print({ id: added.id, issuer: added.issuer, label: added.label }, added.id)
  }
}
