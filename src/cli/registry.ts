import type { CliCommand } from './command'
import { addCommand } from './commands/add'
import { codeCommand } from './commands/code'
import { disableCommand } from './commands/disable'
import { enrollCommand } from './commands/enroll'
import { exportCommand } from './commands/export'
import { importCommand } from './commands/import'
import { initCommand } from './commands/init'
import { listCommand } from './commands/list'
import { removeCommand } from './commands/remove'
import { scanCommand } from './commands/scan'
import { serverCommand } from './commands/server'
import { statusCommand } from './commands/status'
import { policyCommand } from './commands/policy'

/** Every `tessera` command, in help order. One line per command. */
export const COMMANDS: readonly CliCommand[] = [
  initCommand,
  addCommand,
  listCommand,
  codeCommand,
  removeCommand,
  scanCommand,
  importCommand,
  exportCommand,
  serverCommand,
  statusCommand,
  enrollCommand,
  disableCommand,
  policyCommand
]
