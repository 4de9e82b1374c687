import { AppError } from '../../shared/errors'
import type { CliCommand } from '../command'

export const removeCommand: CliCommand = {
  name: 'remove',
  summary: 'Remove an account by id (see "tessera list").',
  usage: '<id>',
  args: { min: 1, max: 1 },
  async run(ctx) {
    const id = ctx.args[0]!
    const vault = await ctx.openVault()
    // the vault's own NOT_FOUND speaks to the app ("refresh the list"); say which id and where ids are
    if (!vault.get(id)) {
      throw new AppError('NOT_FOUND', `No account has the id "${id}". See "tessera list" for ids.`)
    }
    await vault.remove(id)
    ctx.print({ removed: id }, `Removed ${id}.`)
  }
}
