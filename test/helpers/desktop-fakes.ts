/**
 * Test doubles for the desktop ports (global shortcuts, windows, notifications, login items):
 * each records what was asked of it, so tests assert what the user would notice.
 */
import type { GlobalShortcutPort } from '../../src/main/core/desktop/shortcut'

/** The OS's global shortcut table: some held by "other apps", ours recorded. */
export class FakeGlobalShortcuts implements GlobalShortcutPort {
  readonly calls: string[] = []
  readonly throwsOn = new Set<string>()
  private readonly mine = new Map<string, () => void>()

  constructor(private readonly takenByOthers: readonly string[] = []) {}

  register(accelerator: string, callback: () => void): boolean {
    this.calls.push(`register ${accelerator}`)
    if (this.throwsOn.has(accelerator)) throw new Error(`conversion failure for ${accelerator}`)
    if (this.takenByOthers.includes(accelerator) || this.mine.has(accelerator)) return false
    this.mine.set(accelerator, callback)
    return true
  }

  unregister(accelerator: string): void {
    this.calls.push(`unregister ${accelerator}`)
    this.mine.delete(accelerator)
  }

  /** Shortcuts Tessera holds now. */
  ours(): string[] {
    return [...this.mine.keys()]
  }

  /** The user presses the keys somewhere on the desktop. */
  press(accelerator: string): void {
    this.mine.get(accelerator)?.()
  }
}
