import type { CliCommand } from '../command'

export const removeCommand: CliCommand = {
  name: 'remove',
  summary: 'Remove an account by id (see "tessera list").',
  usage: '<id>',
  args: { min: 1, max: 1 },
  async run(ctx) {
    const id = ctx.args[0]!
    const vault = await ctx.openVault()
    await vault.remove(id)
    ctx.print({ removed: id }, `Removed ${id}.`)
  }
}
