import { AppError } from '../../shared/errors'
import { exportAegisVault, exportUriList } from '../../main/core/export'
import { assertExportAllowed } from '../../main/core/policy/enforce'
import { checkExportTarget, writeExportFile } from '../../main/core/fs/export-file'
import type { CliCommand, CliContext } from '../command'
import { readNewPassword } from '../new-password'

const FORMATS = ['aegis', 'aegis-plain', 'uris'] as const
type ExportFormat = (typeof FORMATS)[number]

function exportPassword(ctx: CliContext): Promise<string> {
  return readNewPassword(ctx, {
    piped: 'the password for the export',
    noTerminal: 'An encrypted export needs a password: pipe it in with --password-stdin.',
    prompt: 'Password for the export: ',
    runAgain: 'export'
  })
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Export every account: an Aegis vault (encrypted or plain) or an otpauth:// list.',
  usage: '',
  description:
    'aegis: an Aegis vault encrypted with a password (--password-stdin, else asked twice);\n' +
    'Aegis and Tessera import it. aegis-plain and uris hold every secret in the clear: keep\n' +
    'such files off shared disks and delete them after use. Without --out the export goes to\n' +
    'stdout (a plain export printed to a terminal is warned about); with --out the file is\n' +
    'created readable by you only. --out never writes inside the data folder, and an existing\n' +
    'file is replaced only with --force.',
  flags: {
    format: {
      type: 'string',
      valueName: '<format>',
      description: `One of: ${FORMATS.join(', ')}.`
    },
    out: { type: 'string', valueName: '<file>', description: 'Write here instead of stdout.' },
    'password-stdin': {
      type: 'boolean',
      description: 'Read the password to encrypt the export with from stdin.'
    },
    force: { type: 'boolean', description: 'Replace the --out file when it exists.' }
  },
  args: { min: 0, max: 0 },
  async run(ctx) {
    const format = ctx.flags.format
    if (typeof format !== 'string' || !(FORMATS as readonly string[]).includes(format)) {
      throw new AppError(
        'INVALID_INPUT',
        `Choose what to export with --format ${FORMATS.join('|')}.`
      )
    }
    const f = format as ExportFormat
    // Before the password prompt and the vault: a refused export reads and writes nothing.
    assertExportAllowed(await ctx.policies(), f === 'aegis' ? 'encrypted' : 'plain')
    const out = ctx.flags.out
    const target =
      typeof out === 'string' && out !== ''
        ? { dataDir: ctx.dataDir, overwrite: ctx.flags.force === true }
        : undefined
    // Before any password is asked: never into the data folder, never over a file unasked.
    if (typeof out === 'string' && target) await checkExportTarget(out, target)
    const password = f === 'aegis' ? await exportPassword(ctx) : undefined
    const vault = await ctx.openVault()
    const accounts = vault.list()
    const text =
      f === 'uris'
        ? exportUriList(accounts)
        : await exportAegisVault(accounts, password === undefined ? {} : { password })
    if (typeof out === 'string' && target) {
      try {
        await writeExportFile(out, text, target)
      } catch (err) {
        if (err instanceof AppError) throw err
        // The user's --out path, not the vault's storage: IO would exit 3, "vault or keychain".
        throw new AppError(
          'INVALID_INPUT',
          `Tessera could not write ${out}. Check the folder exists and you may write there.`,
          {
            cause: err,
            details: { path: out }
          }
        )
      }
      if (f !== 'aegis') ctx.stderr('Warning: this file holds every secret in the clear.\n')
      ctx.print(
        { format: f, count: accounts.length, path: out },
        `Exported ${accounts.length} accounts to ${out}.`
      )
    } else {
      if (f !== 'aegis' && ctx.stdoutIsTTY) {
        // Scrollback, a shared screen or a terminal log now hold every secret.
        ctx.stderr(
          'Warning: every secret is printed below in the clear, into this terminal and its ' +
            'scrollback. Use --out <file>, or --format aegis for an encrypted export.\n'
        )
      }
      ctx.stdout(text.endsWith('\n') ? text : `${text}\n`)
    }
  }
}
