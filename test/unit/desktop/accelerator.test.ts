import { describe, expect, it } from 'vitest'
import {
  acceleratorFromKeyPress,
  formatAccelerator,
  parseAccelerator,
  type KeyPress
} from '../../../src/shared/accelerator'

describe('parseAccelerator (a global shortcut the user typed)', () => {
  it.each([
    ['CommandOrControl+Shift+A', 'CommandOrControl+Shift+A'],
    ['cmdorctrl+shift+a', 'CommandOrControl+Shift+A'],
    ['Shift+Ctrl+K', 'Control+Shift+K'],
    ['Option+Cmd+Space', 'Command+Alt+Space'],
    ['Alt+Return', 'Alt+Enter'],
    ['Ctrl++', 'Control+Plus'],
    ['Ctrl+Alt+F13', 'Control+Alt+F13'],
    ['F9', 'F9'],
    ['Shift+F2', 'Shift+F2'],
    ['Super+num5', 'Super+num5'],
    ['  Ctrl + Shift + 7 ', 'Control+Shift+7']
  ])('accepts %s as %s', (input, canonical) => {
    const r = parseAccelerator(input)
    expect(r.ok && r.value.text).toBe(canonical)
  })

  it.each([
    ['', /Press the keys/],
    ['A', /Add Ctrl, Alt or Cmd/],
    ['Shift+A', /Add Ctrl, Alt or Cmd/],
    ['Ctrl+Shift', /Add a key after the modifiers/],
    ['Ctrl+A+B', /one key besides the modifiers/],
    ['A+Ctrl', /modifier keys first/],
    ['Ctrl+Ctrl+A', /twice/],
    ['CmdOrCtrl+Ctrl+A', /twice/],
    ['Ctrl+Hyper+A', /does not know the key “Hyper”/],
    ['Ctrl+F25', /does not know the key/],
    ['Ctrl+é', /does not know the key/],
    ['Ctrl++Shift', /empty part|does not know/],
    ['x'.repeat(80), /too long/]
  ])('refuses %j with a message', (input, message) => {
    const r = parseAccelerator(input)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toMatch(message)
  })
})

describe('formatAccelerator (as each OS writes it)', () => {
  it.each([
    ['CommandOrControl+Shift+A', 'linux', 'Ctrl+Shift+A'],
    ['CommandOrControl+Shift+A', 'win32', 'Ctrl+Shift+A'],
    ['CommandOrControl+Shift+A', 'darwin', '⇧⌘A'],
    ['Control+Alt+Shift+Command+K', 'darwin', '⌃⌥⇧⌘K'],
    ['CommandOrControl+,', 'darwin', '⌘,'],
    ['CommandOrControl+,', 'linux', 'Ctrl+,'],
    ['Super+Up', 'linux', 'Super+↑'],
    ['Super+Up', 'win32', 'Win+↑'],
    ['Escape', 'linux', 'Esc'],
    ['?', 'darwin', '?']
  ] as const)('%s on %s is %s', (acc, platform, shown) => {
    expect(formatAccelerator(acc, platform)).toBe(shown)
  })
})

describe('acceleratorFromKeyPress (the Settings field)', () => {
  const press = (p: Partial<KeyPress>): KeyPress => ({
    key: 'a',
    code: 'KeyA',
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...p
  })

  it('waits while only modifiers are held', () => {
    expect(
      acceleratorFromKeyPress(
        press({ key: 'Control', code: 'ControlLeft', ctrlKey: true }),
        'linux'
      )
    ).toBeNull()
  })

  it('Ctrl on Linux and Cmd on a Mac are the same portable shortcut', () => {
    const linux = acceleratorFromKeyPress(
      press({ key: 'A', ctrlKey: true, shiftKey: true }),
      'linux'
    )
    const mac = acceleratorFromKeyPress(
      press({ key: 'A', metaKey: true, shiftKey: true }),
      'darwin'
    )
    expect(linux).toBe('CommandOrControl+Shift+A')
    expect(mac).toBe('CommandOrControl+Shift+A')
  })

  it('reads the physical key when Alt or Shift changed the character', () => {
    expect(
      acceleratorFromKeyPress(
        press({ key: 'å', code: 'KeyA', altKey: true, metaKey: true }),
        'darwin'
      )
    ).toBe('CommandOrControl+Alt+A')
    expect(
      acceleratorFromKeyPress(
        press({ key: '!', code: 'Digit1', ctrlKey: true, shiftKey: true }),
        'win32'
      )
    ).toBe('CommandOrControl+Shift+1')
  })

  it('what it builds parses back as the same shortcut', () => {
    const text = acceleratorFromKeyPress(
      press({ key: 'k', code: 'KeyK', ctrlKey: true, altKey: true }),
      'linux'
    )
    expect(text).not.toBeNull()
    const parsed = parseAccelerator(text ?? '')
    expect(parsed.ok && parsed.value.text).toBe(text)
  })
})
