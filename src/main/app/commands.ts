/**
 * What each menu, tray and shortcut command does. Main's own commands run here; the window's
 * (New account, Import, Settings, …) bring the main window forward and reach it as the
 * `desktop:command` event of the IPC contract, and the page navigates.
 */
import { WINDOW_COMMANDS, type DesktopCommand, type WindowCommand } from '../../shared/desktop'
import type { WindowCommandRequest } from '../../shared/ipc/desktop'

export interface CommandDeps {
  /** Brings the main window forward, then hands it the command (once its page listens). */
  toWindow(command: WindowCommandRequest): void
  showMain(): void
  /** Shows Quick copy (its page asks to unlock when the vault is locked). */
  showQuickCopy(): void
  lock(): void
  quit(): void
}

const windowCommands: ReadonlySet<string> = new Set(WINDOW_COMMANDS)

function isWindowCommand(command: DesktopCommand): command is WindowCommand {
  return windowCommands.has(command)
}

export function createCommandRunner(deps: CommandDeps): (command: DesktopCommand) => void {
  return (command) => {
    if (isWindowCommand(command)) return deps.toWindow(command)
    switch (command) {
      case 'open':
        return deps.showMain()
      case 'quick-copy':
        return deps.showQuickCopy()
      case 'scan-screen':
      case 'check-clock':
        return deps.toWindow(command)
      case 'lock':
        return deps.lock()
      case 'quit':
        return deps.quit()
    }
  }
}
