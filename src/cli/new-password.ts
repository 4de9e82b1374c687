import { AppError } from '../shared/errors'
import type { CliContext } from './command'

/** What {@link readNewPassword} says, in the words of the command asking. */
export interface NewPasswordWords {
  /** What to pipe in, for "stdin was empty. Pipe … in.". */
  piped: string
  /** PASSWORD_REQUIRED message when stdin is neither piped (--password-stdin) nor a terminal. */
  noTerminal: string
  /** The first prompt on a terminal (the second is "Repeat the password: "). */
  prompt: string
  /** The command to run again when the two typed passwords differ, e.g. "export". */
  runAgain: string
}

/**
 * A new password for something the command encrypts: stdin (less one final newline) with
 * --password-stdin (empty is INVALID_INPUT), else asked twice on a terminal (a mismatch is
 * INVALID_INPUT), else PASSWORD_REQUIRED.
 */
export async function readNewPassword(ctx: CliContext, words: NewPasswordWords): Promise<string> {
  if (ctx.flags['password-stdin']) {
    const password = (await ctx.readStdin()).replace(/\r?\n$/, '')
    if (password === '')
      throw new AppError('INVALID_INPUT', `stdin was empty. Pipe ${words.piped} in.`)
    return password
  }
  if (!ctx.stdinIsTTY) throw new AppError('PASSWORD_REQUIRED', words.noTerminal)
  const password = await ctx.promptSecret(words.prompt)
  const again = await ctx.promptSecret('Repeat the password: ')
  if (password !== again)
    throw new AppError('INVALID_INPUT', `The two passwords differ. Run ${words.runAgain} again.`)
  return password
}
