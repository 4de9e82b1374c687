import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  applyLinuxAutostart,
  autostartEntry,
  loginItemSettings,
  quoteExecArg
} from '../../../src/main/core/desktop/login-item'
import { notificationFor } from '../../../src/main/core/desktop/notify'

describe('start at login', () => {
  it('Windows: the executable with --hidden when "start hidden in the tray" is on', () => {
    expect(
      loginItemSettings({ startAtLogin: true, startHidden: true }, 'win32', 'C:\\T\\Tessera.exe')
    ).toEqual({
      openAtLogin: true,
      path: 'C:\\T\\Tessera.exe',
      args: ['--hidden']
    })
    expect(
      loginItemSettings({ startAtLogin: false, startHidden: false }, 'darwin', '/A/T')
    ).toEqual({
      openAtLogin: false,
      args: []
    })
  })

  it('Linux: an XDG autostart entry whose Exec survives spaces, quotes and percent signs', () => {
    const entry = autostartEntry(['/home/a b/Apps/Tessera 100%.AppImage'], {
      startAtLogin: true,
      startHidden: true
    })
    expect(entry).toContain('Exec="/home/a b/Apps/Tessera 100%%.AppImage" --hidden\n')
    expect(entry).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Tessera\n/)
    // `"` and `$` are escaped by the quoting rule, and the backslash doubled by the string rule.
    expect(quoteExecArg('/opt/say "$HOME"')).toBe('"/opt/say \\\\"\\\\$HOME\\\\""')
    expect(quoteExecArg('/opt/tessera/tessera')).toBe('/opt/tessera/tessera')
    expect(() => quoteExecArg('/bad\npath')).toThrow(/line break/)
  })

  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('Linux: turning it on writes the entry, turning it off removes it', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tessera-autostart-')), 'autostart')
    dirs.push(dir)
    await applyLinuxAutostart(
      { startAtLogin: true, startHidden: false },
      ['/opt/tessera/tessera'],
      dir
    )
    expect(readFileSync(join(dir, 'tessera.desktop'), 'utf8')).toContain(
      'Exec=/opt/tessera/tessera\n'
    )
    await applyLinuxAutostart(
      { startAtLogin: false, startHidden: false },
      ['/opt/tessera/tessera'],
      dir
    )
    expect(existsSync(join(dir, 'tessera.desktop'))).toBe(false)
  })
})

describe('notifications', () => {
  it('a finished enrollment while the window is hidden: names the account, never a code', () => {
    const n = notificationFor({ kind: 'enrolled', issuer: 'UCloud', label: 'alice' }, false)
    expect(n).toEqual({
      title: 'Two-factor sign-in is set up',
      body: 'UCloud (alice) is in Tessera now. Open Tessera to see its codes.'
    })
    expect(`${n?.title} ${n?.body}`).not.toMatch(/\d{6}/)
  })

  it('a scan that found codes: counts only, and says nothing was added yet', () => {
    expect(notificationFor({ kind: 'scan-found', accounts: 3, codes: 3 }, false)).toEqual({
      title: 'Found 3 accounts to add',
      body: 'Open Tessera to review them. Nothing is added until you choose.'
    })
    expect(notificationFor({ kind: 'scan-found', accounts: 0, codes: 2 }, false)).toBeNull()
  })

  it('nothing while the window is in front', () => {
    expect(notificationFor({ kind: 'enrolled', issuer: 'X', label: 'y' }, true)).toBeNull()
  })

  it('a hostile account name cannot disguise itself or flood the notification', () => {
    const n = notificationFor(
      { kind: 'enrolled', issuer: '\u202Eevil\u0007', label: 'x'.repeat(500) },
      false
    )
    expect(n?.body).not.toContain('\u202e')
    expect(n?.body).not.toContain('\u0007')
    expect(n?.body.length).toBeLessThan(140)
  })
})
