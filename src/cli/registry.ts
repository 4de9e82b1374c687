import type { CliCommand } from './command'

/**
 * One line of the command table: what `tessera --help` prints, and how to load the command.
 * Commands load on demand so `--help` and `code` start without parsing the importers, the QR
 * decoder or the server clients (the installed CLI's start-up budget is 150 ms). The name,
 * usage and summary repeat the command module's own; test/unit/cli/registry.test.ts fails when
 * they drift apart.
 */
export interface CommandEntry {
  name: string
  usage: string
  summary: string
  load(): Promise<CliCommand>
}

/** Every `tessera` command, in help order. One entry per command. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'init',
    usage: '',
    summary: 'Create a vault (key in the OS keychain unless --no-keychain).',
    load: () => import('./commands/init').then((m) => m.initCommand)
  },
  {
    name: 'add',
    usage: '<otpauth-uri>',
    summary: "Add an account from an otpauth:// URI; prints the new account's id.",
    load: () => import('./commands/add').then((m) => m.addCommand)
  },
  {
    name: 'list',
    usage: '',
    summary: 'List accounts (no secrets).',
    load: () => import('./commands/list').then((m) => m.listCommand)
  },
  {
    name: 'code',
    usage: '[<query>]',
    summary: 'Print current codes, optionally only accounts whose issuer or label matches <query>.',
    load: () => import('./commands/code').then((m) => m.codeCommand)
  },
  {
    name: 'remove',
    usage: '<id>',
    summary: 'Remove an account by id (see "tessera list").',
    load: () => import('./commands/remove').then((m) => m.removeCommand)
  },
  {
    name: 'scan',
    usage: '<image>...',
    summary: 'Add the accounts in QR code images (setup codes, Google Authenticator exports).',
    load: () => import('./commands/scan').then((m) => m.scanCommand)
  },
  {
    name: 'import',
    usage: '<file>',
    summary: "Import accounts from another authenticator's backup (skips duplicates).",
    load: () => import('./commands/import').then((m) => m.importCommand)
  },
  {
    name: 'export',
    usage: '',
    summary: 'Export every account: an Aegis vault (encrypted or plain) or an otpauth:// list.',
    load: () => import('./commands/export').then((m) => m.exportCommand)
  },
  {
    name: 'backup',
    usage: '<setup|now|list|off>',
    summary: 'Automatic encrypted backups: setup, now, list, off.',
    load: () => import('./commands/backup').then((m) => m.backupCommand)
  },
  {
    name: 'server',
    usage: 'add|edit|list|remove [<name>]',
    summary: 'Manage 2FA server profiles: add, edit, list, remove.',
    load: () => import('./commands/server').then((m) => m.serverCommand)
  },
  {
    name: 'mithril',
    usage: 'sign-in|code|resend|phone|status|cancel|sign-out <server> [<code>|<phone>]',
    summary: 'Mithril SMS 2FA: sign in with the code, resend, change the phone.',
    load: () => import('./commands/mithril').then((m) => m.mithrilCommand)
  },
  {
    name: 'barycenter',
    usage: 'status|enforce|undo <server> [<user>...]',
    summary: 'Barycenter admin 2FA: user status, enforce for users with a passkey, undo.',
    load: () => import('./commands/barycenter').then((m) => m.barycenterCommand)
  },
  {
    name: 'status',
    usage: '<server-name>',
    summary: "Show a server's two-factor status.",
    load: () => import('./commands/status').then((m) => m.statusCommand)
  },
  {
    name: 'enroll',
    usage: '<server-name>',
    summary: 'Turn on two-factor for a server account with Tessera as its authenticator.',
    load: () => import('./commands/enroll').then((m) => m.enrollCommand)
  },
  {
    name: 'disable',
    usage: '<server-name>',
    summary: 'Turn two-factor off on a Vantage server; its local account is archived.',
    load: () => import('./commands/disable').then((m) => m.disableCommand)
  },
  {
    name: 'policy',
    usage: '',
    summary: 'Show the managed policies in force, their values and where they were set.',
    load: () => import('./commands/policy').then((m) => m.policyCommand)
  }
]
