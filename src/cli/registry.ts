import type { CliCommand } from './command'
import { addCommand } from './commands/add'
import { codeCommand } from './commands/code'
import { exportCommand } from './commands/export'
import { importCommand } from './commands/import'
import { initCommand } from './commands/init'
import { listCommand } from './commands/list'
import { removeCommand } from './commands/remove'
import { scanCommand } from './commands/scan'

/** Every `tessera` command, in help order. One line per command. */
export const COMMANDS: readonly CliCommand[] = [
  initCommand,
  addCommand,
  listCommand,
  codeCommand,
  removeCommand,
  scanCommand,
  importCommand,
  exportCommand
]
