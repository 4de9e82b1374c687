import { resolve } from 'node:path'
import { AppError } from '../../shared/errors'
import {
  DEFAULT_BACKUPS_KEPT,
  listBackups,
  readBackupConfig,
  saveBackupConfig,
  writeBackup
} from '../../main/core/backup'
import { assertExportAllowed } from '../../main/core/policy/enforce'
import type { CliCommand, CliContext } from '../command'
import { readNewPassword } from '../new-password'

const ACTIONS = ['setup', 'now', 'list', 'off'] as const

function backupPassword(ctx: CliContext): Promise<string> {
  return readNewPassword(ctx, {
    piped: 'the backup password',
    noTerminal: 'Backups need a password to encrypt them with: pipe it in with --password-stdin.',
    prompt: 'Password for the backups (your vault password or another): ',
    runAgain: 'backup setup'
  })
}

function ago(ms: number): string {
  const m = Math.round(ms / 60_000)
  if (m < 1) return 'just now'
  if (m < 120) return `${m} min ago`
  const h = Math.round(m / 60)
  return h < 48 ? `${h} h ago` : `${Math.round(h / 24)} days ago`
}

export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'Automatic encrypted backups: setup, now, list, off.',
  usage: '<setup|now|list|off>',
  description:
    'setup --folder <dir> [--keep N] [--password-stdin]: keep the newest N (default ' +
    `${DEFAULT_BACKUPS_KEPT}) encrypted\n` +
    'backups in <dir>; the app writes one a few seconds after every change. The password\n' +
    'is kept inside the encrypted vault. now: write one now. list: the backups, newest\n' +
    'first. off: stop (existing backups stay). Each backup is an encrypted Aegis vault:\n' +
    'restore one with "tessera import <file>" (or Import in the app) and its password.',
  flags: {
    folder: { type: 'string', valueName: '<dir>', description: 'Where backups go (setup).' },
    keep: { type: 'string', valueName: '<N>', description: 'How many backups to keep (setup).' },
    'password-stdin': {
      type: 'boolean',
      description: 'Read the backup password from stdin (setup).'
    }
  },
  args: { min: 1, max: 1 },
  async run(ctx) {
    const action = ctx.args[0]
    if (!(ACTIONS as readonly string[]).includes(action ?? '')) {
      throw new AppError('INVALID_INPUT', `Use one of: tessera backup ${ACTIONS.join('|')}.`)
    }
    if (action === 'setup' || action === 'now') {
      assertExportAllowed(await ctx.policies(), 'encrypted')
    }
    if (action === 'setup') {
      const folder = ctx.flags.folder
      if (typeof folder !== 'string' || folder === '') {
        throw new AppError('INVALID_INPUT', 'Name the backup folder with --folder <dir>.')
      }
      const keepFlag = ctx.flags.keep
      const keep = typeof keepFlag === 'string' ? Number(keepFlag) : DEFAULT_BACKUPS_KEPT
      const password = await backupPassword(ctx)
      const vault = await ctx.openVault()
      const config = { folder: resolve(folder), keep, password }
      await saveBackupConfig(vault, config, ctx.dataDir)
      const file = await writeBackup(vault.list(), config, { dataDir: ctx.dataDir, now: ctx.now })
      ctx.print(
        { folder: config.folder, keep, first: file.path },
        `Backups on: the newest ${keep} are kept in ${config.folder}. First backup: ${file.name}.`
      )
      return
    }
    const vault = await ctx.openVault()
    const config = readBackupConfig(vault)
    if (action === 'off') {
      await saveBackupConfig(vault, null, ctx.dataDir)
      ctx.print({ enabled: false }, 'Backups off. The backups already written stay where they are.')
      return
    }
    if (config === null) {
      throw new AppError(
        'INVALID_INPUT',
        'Backups are not set up. Run: tessera backup setup --folder <dir>.'
      )
    }
    if (action === 'now') {
      const file = await writeBackup(vault.list(), config, { dataDir: ctx.dataDir, now: ctx.now })
      ctx.print(
        { path: file.path, at: file.at, bytes: file.bytes },
        `Backed up ${vault.list().length} accounts to ${file.path}.`
      )
      return
    }
    const files = await listBackups(config.folder)
    const now = ctx.now()
    ctx.print(
      { folder: config.folder, keep: config.keep, backups: files },
      files.length === 0
        ? `No backups in ${config.folder} yet. Write one with "tessera backup now".`
        : [
            `${files.length} of at most ${config.keep} backups in ${config.folder}, newest first:`,
            ...files.map(
              (f) => `  ${f.name}  ${new Date(f.at).toISOString()}  (${ago(now - f.at)})`
            )
          ].join('\n')
    )
  }
}
