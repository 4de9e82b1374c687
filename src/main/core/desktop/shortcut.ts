/**
 * The one global shortcut (open Quick copy from anywhere): registering it, changing it and saying
 * plainly what happened. Electron's globalShortcut sits behind {@link GlobalShortcutPort}, so every
 * outcome (taken by another app, not a valid shortcut, changed, off) is unit-tested without it.
 */
import {
  formatAccelerator,
  parseAccelerator,
  type DesktopPlatform
} from '../../../shared/accelerator'

/** The part of Electron's globalShortcut Tessera uses. */
export interface GlobalShortcutPort {
  /** False when the shortcut could not be had (another app holds it). May throw on bad text. */
  register(accelerator: string, callback: () => void): boolean
  unregister(accelerator: string): void
}

/** What became of a shortcut, in words Settings can show as they are. */
export type ShortcutOutcome =
  | { status: 'registered'; accelerator: string; message: string }
  | { status: 'unchanged'; accelerator: string | null; message: string }
  | { status: 'off'; accelerator: null; message: string }
  | {
      status: 'taken' | 'invalid' | 'unavailable'
      /** What is in force now: the previous shortcut, kept, or null. */
      accelerator: string | null
      /** What the user asked for. */
      requested: string
      message: string
    }

export interface ShortcutManagerOptions {
  platform: DesktopPlatform
  /** Set when this desktop cannot have global shortcuts at all (say, why). */
  unavailable?: string
}

/**
 * Holds at most one registered global shortcut. `apply` moves it to a new one only when the new
 * one could be had: a shortcut another app holds, or one that is not valid, leaves the previous
 * one working, and the outcome says so.
 */
export class ShortcutManager {
  private current: string | null = null

  constructor(
    private readonly port: GlobalShortcutPort,
    private readonly onPressed: () => void,
    private readonly options: ShortcutManagerOptions
  ) {}

  /** The shortcut registered now (canonical text), or null. */
  get accelerator(): string | null {
    return this.current
  }

  private show(accelerator: string): string {
    return formatAccelerator(accelerator, this.options.platform)
  }

  private keptNote(): string {
    return this.current ? ` ${this.show(this.current)} still opens Quick copy.` : ''
  }

  /** Registers `wanted` (null: no shortcut) in place of the current one. */
  apply(wanted: string | null): ShortcutOutcome {
    if (wanted === null || wanted.trim() === '') {
      const had = this.current
      this.release()
      return {
        status: 'off',
        accelerator: null,
        message: had
          ? `${this.show(had)} no longer opens Quick copy. Use the tray icon or the Tessera menu.`
          : 'No shortcut opens Quick copy. Use the tray icon or the Tessera menu.'
      }
    }
    const parsed = parseAccelerator(wanted)
    if (!parsed.ok) {
      return {
        status: 'invalid',
        accelerator: this.current,
        requested: wanted,
        message: parsed.message + this.keptNote()
      }
    }
    const text = parsed.value.text
    if (text === this.current) {
      return {
        status: 'unchanged',
        accelerator: text,
        message: `${this.show(text)} opens Quick copy.`
      }
    }
    if (this.options.unavailable) {
      return {
        status: 'unavailable',
        accelerator: this.current,
        requested: text,
        message: this.options.unavailable
      }
    }
    const previous = this.current
    this.release()
    let ok: boolean
    try {
      ok = this.port.register(text, this.onPressed)
    } catch {
      this.restore(previous)
      return {
        status: 'invalid',
        accelerator: this.current,
        requested: text,
        message: `This system does not accept ${this.show(text)} as a shortcut. Choose another one.${this.keptNote()}`
      }
    }
    if (!ok) {
      this.restore(previous)
      return {
        status: 'taken',
        accelerator: this.current,
        requested: text,
        message: `Another app already uses ${this.show(text)}. Choose another shortcut, or free it in that app.${this.keptNote()}`
      }
    }
    this.current = text
    return {
      status: 'registered',
      accelerator: text,
      message: `${this.show(text)} opens Quick copy from anywhere.`
    }
  }

  private restore(previous: string | null): void {
    if (previous === null) return
    try {
      if (this.port.register(previous, this.onPressed)) this.current = previous
    } catch {
      // It was valid a moment ago; if the system now refuses it there is nothing to keep.
    }
  }

  /** Unregisters the shortcut (on quit, or when the user turns it off). */
  release(): void {
    if (this.current === null) return
    try {
      this.port.unregister(this.current)
    } catch {
      // Already gone with the system's registration; nothing to undo.
    }
    this.current = null
  }
}
