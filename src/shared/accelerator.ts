/**
 * Keyboard shortcuts as Electron spells them ("CommandOrControl+Shift+A"): checking one the user
 * typed in Settings, turning a key press into one, and showing one the way each OS writes it
 * ("Ctrl+Shift+A", "⇧⌘A"). Pure, so Settings, the menus and the main process agree on every
 * shortcut and unit tests cover them without Electron.
 */

/** The platforms the app runs on, as Node names them. */
export type DesktopPlatform = 'darwin' | 'win32' | 'linux'

/** The modifiers in the order Tessera writes them. */
export const MODIFIERS = [
  'CommandOrControl',
  'Control',
  'Command',
  'Alt',
  'Shift',
  'Super'
] as const
export type Modifier = (typeof MODIFIERS)[number]

/** Every spelling Electron accepts for a modifier, lower-cased, mapped to Tessera's one. */
const MODIFIER_ALIASES: Readonly<Record<string, Modifier>> = {
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  control: 'Control',
  ctrl: 'Control',
  command: 'Command',
  cmd: 'Command',
  alt: 'Alt',
  option: 'Alt',
  altgr: 'Alt',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super'
}

const NAMED_KEYS = [
  'Plus',
  'Space',
  'Tab',
  'Backspace',
  'Delete',
  'Insert',
  'Enter',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Escape',
  'PrintScreen'
] as const

const KEY_ALIASES: Readonly<Record<string, string>> = {
  return: 'Enter',
  esc: 'Escape',
  del: 'Delete',
  ins: 'Insert',
  arrowup: 'Up',
  arrowdown: 'Down',
  arrowleft: 'Left',
  arrowright: 'Right'
}

/** Punctuation keys Electron accepts as they are typed ("+" itself is spelled "Plus"). */
const PUNCTUATION = new Set([...')!@#$%^&*(:;<,_->.?/~`{}[]|\\"\'='])

/** The default "open Quick copy" shortcut: Ctrl+Shift+A, ⇧⌘A on a Mac. */
export const DEFAULT_QUICK_COPY_SHORTCUT = 'CommandOrControl+Shift+A'

/** A checked shortcut: modifiers in Tessera's order, one key, and its canonical text. */
export interface Accelerator {
  modifiers: Modifier[]
  key: string
  /** "CommandOrControl+Shift+A": what is stored and handed to Electron. */
  text: string
}

export type AcceleratorCheck = { ok: true; value: Accelerator } | { ok: false; message: string }

function canonicalKey(raw: string): string | null {
  if (raw.length === 1) {
    if (/^[a-z0-9]$/i.test(raw)) return raw.toUpperCase()
    return PUNCTUATION.has(raw) ? raw : null
  }
  const lower = raw.toLowerCase()
  const alias = KEY_ALIASES[lower]
  if (alias) return alias
  const named = NAMED_KEYS.find((k) => k.toLowerCase() === lower)
  if (named) return named
  const f = /^f([1-9]|1\d|2[0-4])$/i.exec(raw)
  if (f) return `F${f[1]}`
  const num = /^num([0-9]|dec|add|sub|mult|div)$/i.exec(raw)
  if (num) return `num${num[1]?.toLowerCase()}`
  return null
}

function isFunctionKey(key: string): boolean {
  return /^F([1-9]|1\d|2[0-4])$/.test(key)
}

/**
 * Checks a shortcut for use anywhere on the desktop (a global shortcut). It needs exactly one key
 * and, unless that key is F1-F24, a modifier other than Shift: a plain letter or Shift+letter
 * would take that character away from every other app. Spellings Electron accepts (Cmd, Ctrl,
 * Option, CmdOrCtrl, Return, Esc) are accepted and written the canonical way.
 */
export function parseAccelerator(input: string): AcceleratorCheck {
  const text = input.trim()
  if (text === '')
    return { ok: false, message: 'Press the keys you want, for example Ctrl+Shift+A.' }
  if (text.length > 64) return { ok: false, message: 'That shortcut is too long to be real.' }
  // "Ctrl++" means Ctrl and the plus key.
  const parts = text
    .replace(/\+\+$/, '+Plus')
    .split('+')
    .map((p) => p.trim())
  if (parts.some((p) => p === '')) {
    return { ok: false, message: `“${text}” has an empty part. Write it like Ctrl+Shift+A.` }
  }
  const modifiers: Modifier[] = []
  let key: string | null = null
  for (const part of parts) {
    const mod = MODIFIER_ALIASES[part.toLowerCase()]
    if (mod) {
      if (key !== null) {
        return {
          ok: false,
          message: `Put the modifier keys first, then one key: “${part}” comes after the key.`
        }
      }
      const clash =
        modifiers.includes(mod) ||
        (mod === 'CommandOrControl' &&
          (modifiers.includes('Control') || modifiers.includes('Command'))) ||
        ((mod === 'Control' || mod === 'Command') && modifiers.includes('CommandOrControl'))
      if (clash) return { ok: false, message: `“${part}” is in the shortcut twice.` }
      modifiers.push(mod)
      continue
    }
    if (key !== null) {
      return {
        ok: false,
        message: 'A shortcut has one key besides the modifiers (like Ctrl+Shift+A).'
      }
    }
    key = canonicalKey(part)
    if (key === null) return { ok: false, message: `Tessera does not know the key “${part}”.` }
  }
  if (key === null) {
    return { ok: false, message: 'Add a key after the modifiers, for example Ctrl+Shift+A.' }
  }
  const strong = modifiers.some((m) => m !== 'Shift')
  if (!strong && !isFunctionKey(key)) {
    return {
      ok: false,
      message:
        'Add Ctrl, Alt or Cmd to the shortcut: on its own it would take that key away from every other app.'
    }
  }
  modifiers.sort((a, b) => MODIFIERS.indexOf(a) - MODIFIERS.indexOf(b))
  return { ok: true, value: { modifiers, key, text: [...modifiers, key].join('+') } }
}

const MAC_SYMBOLS: Readonly<Record<Modifier, string>> = {
  Control: '⌃',
  Alt: '⌥',
  Shift: '⇧',
  Command: '⌘',
  CommandOrControl: '⌘',
  Super: '⌘'
}
/** macOS writes modifiers in this order: ⌃⌥⇧⌘. */
const MAC_ORDER: readonly Modifier[] = [
  'Control',
  'Alt',
  'Shift',
  'Command',
  'CommandOrControl',
  'Super'
]

const PC_NAMES: Readonly<Record<Modifier, string>> = {
  CommandOrControl: 'Ctrl',
  Control: 'Ctrl',
  Command: 'Win',
  Super: 'Win',
  Alt: 'Alt',
  Shift: 'Shift'
}

const KEY_LABELS: Readonly<Record<string, string>> = {
  Plus: '+',
  Escape: 'Esc',
  Up: '↑',
  Down: '↓',
  Left: '←',
  Right: '→'
}

/**
 * A shortcut as the OS writes it: "Ctrl+Shift+A" on Windows and Linux, "⇧⌘A" on a Mac. Text that
 * is not a valid shortcut comes back unchanged.
 */
export function formatAccelerator(accelerator: string, platform: DesktopPlatform): string {
  const parsed = parseAnyAccelerator(accelerator)
  if (!parsed) return accelerator
  const key = KEY_LABELS[parsed.key] ?? parsed.key
  if (platform === 'darwin') {
    const mods = [...parsed.modifiers].sort((a, b) => MAC_ORDER.indexOf(a) - MAC_ORDER.indexOf(b))
    return mods.map((m) => MAC_SYMBOLS[m]).join('') + key
  }
  const names = parsed.modifiers.map((m) =>
    m === 'Super' && platform === 'linux' ? 'Super' : PC_NAMES[m]
  )
  return [...names, key].join('+')
}

/**
 * Like {@link parseAccelerator} but without the global-shortcut rule, for in-window shortcuts
 * such as "Enter" or "Shift+?"; null when it is not a shortcut at all.
 */
export function parseAnyAccelerator(input: string): Accelerator | null {
  const parts = input.trim().replace(/\+\+$/, '+Plus').split('+')
  const key = parts.pop()
  if (key === undefined) return null
  const canonical = canonicalKey(key.trim())
  if (canonical === null) return null
  const modifiers: Modifier[] = []
  for (const p of parts) {
    const mod = MODIFIER_ALIASES[p.trim().toLowerCase()]
    if (!mod || modifiers.includes(mod)) return null
    modifiers.push(mod)
  }
  modifiers.sort((a, b) => MODIFIERS.indexOf(a) - MODIFIERS.indexOf(b))
  return { modifiers, key: canonical, text: [...modifiers, canonical].join('+') }
}

/** The parts of a DOM KeyboardEvent a shortcut is built from. */
export interface KeyPress {
  key: string
  /** The physical key ("KeyA", "Digit1"): used when Alt or Shift changed `key` ("å", "!"). */
  code: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
}

function keyFromPress(press: KeyPress): string | null {
  const letter = /^Key([A-Z])$/.exec(press.code)
  if (letter) return letter[1] ?? null
  const digit = /^Digit([0-9])$/.exec(press.code)
  if (digit) return digit[1] ?? null
  if (/^Numpad[0-9]$/.test(press.code)) return `num${press.code.slice(6)}`
  if (press.key === ' ') return 'Space'
  if (press.key === '+') return 'Plus'
  return canonicalKey(press.key)
}

/**
 * The shortcut a key press in the Settings field stands for, written the portable way (Ctrl on
 * Windows and Linux, Cmd on a Mac both become CommandOrControl). Null while only modifiers are
 * held, so the field can wait for the key.
 */
export function acceleratorFromKeyPress(press: KeyPress, platform: DesktopPlatform): string | null {
  if (['Control', 'Meta', 'Alt', 'Shift', 'AltGraph', 'OS'].includes(press.key)) return null
  const key = keyFromPress(press)
  if (key === null) return null
  const mods: Modifier[] = []
  const primary = platform === 'darwin' ? press.metaKey : press.ctrlKey
  const other = platform === 'darwin' ? press.ctrlKey : press.metaKey
  if (primary) mods.push('CommandOrControl')
  if (other) mods.push(platform === 'darwin' ? 'Control' : 'Super')
  if (press.altKey) mods.push('Alt')
  if (press.shiftKey) mods.push('Shift')
  mods.sort((a, b) => MODIFIERS.indexOf(a) - MODIFIERS.indexOf(b))
  return [...mods, key].join('+')
}
