import { AppError } from '../../shared/errors'
import { MIN_PASSWORD_LENGTH } from '../../shared/limits'
import { assertPasswordLength, policyForbidden } from '../../main/core/policy/enforce'
import type { CliCommand } from '../command'

export const initCommand: CliCommand = {
  name: 'init',
  summary: 'Create a vault (key in the OS keychain unless --no-keychain).',
  usage: '',
  description:
    'Creates an encrypted vault in the data directory. By default its key goes into the OS\n' +
    'keychain. --password-stdin also protects it with a password read from stdin, so it can be\n' +
    'opened when the keychain cannot. With --no-keychain the vault has a password only\n' +
    '(from --password-stdin, else TESSERA_PASSWORD, else asked twice on the terminal);\n' +
    'at least 8 characters.',
  flags: {
    'no-keychain': { type: 'boolean', description: 'Do not use the OS keychain; password only.' },
    'password-stdin': { type: 'boolean', description: "Read the vault's password from stdin." }
  },
  args: { min: 0, max: 0 },
  async run(ctx) {
    const useKeychain = !ctx.flags['no-keychain']
    let password: string | undefined
    if (ctx.flags['password-stdin']) {
      password = (await ctx.readStdin()).replace(/\r?\n$/, '')
      if (!password)
        throw new AppError('INVALID_INPUT', 'stdin was empty. Pipe the new vault password in.')
    } else if (!useKeychain) {
      password = ctx.env.TESSERA_PASSWORD
      if (password === undefined && ctx.stdinIsTTY) {
        password = await ctx.promptSecret('New vault password: ')
        if (password === '') {
          throw new AppError(
            'INVALID_INPUT',
            'The vault password cannot be empty. Run init again and type a password.'
          )
        }
        const again = await ctx.promptSecret('Repeat the password: ')
        if (again !== password)
          throw new AppError('INVALID_INPUT', 'The two passwords differ. Run init again.')
      }
      if (!password) {
        throw new AppError(
          'PASSWORD_REQUIRED',
          'A vault without the keychain needs a password: pass it with --password-stdin or TESSERA_PASSWORD.'
        )
      }
    }
    const snapshot = await ctx.policies()
    if (password === undefined && snapshot.values.RequireAppLock) {
      throw policyForbidden(
        snapshot,
        'RequireAppLock',
        'Your organization requires a vault password; run "tessera init --password-stdin" and pipe one in'
      )
    }
    if (password !== undefined) {
      // The app's rule (src/shared/limits.ts): a one-letter password guards nothing.
      if ([...password].length < MIN_PASSWORD_LENGTH) {
        throw new AppError(
          'INVALID_INPUT',
          `The vault password is too short: use at least ${MIN_PASSWORD_LENGTH} characters (a few unrelated words work well). Nothing was created.`
        )
      }
      assertPasswordLength(snapshot, password)
    }
    const vault = ctx.vault()
    try {
      await vault.create(
        password === undefined ? { keychain: useKeychain } : { keychain: useKeychain, password }
      )
    } catch (err) {
      if (
        err instanceof AppError &&
        (err.code === 'KEYCHAIN_UNAVAILABLE' || err.code === 'KEYCHAIN_LOCKED')
      ) {
        throw new AppError(
          err.code,
          `${err.message} Nothing was created. To create a vault without the keychain, run ` +
            '"tessera init --no-keychain --password-stdin".'
        )
      }
      throw err
    }
    const { slots, path } = await vault.status()
    ctx.print({ path, slots }, `Created the vault at ${path} (opens with: ${slots.join(', ')}).`)
  }
}
