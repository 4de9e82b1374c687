/**
 * The review's hostile accounts through the real CLI on a real vault, and through enrollment
 * against the reference server: nothing bad is saved, and an account that cannot give a code
 * (as an older Tessera may have stored) never stops `tessera code` for the others.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import QRCode from 'qrcode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/cli/run'
import { MemoryKeychain } from '../../helpers/memory-keychain'
import { encodeMigrationBatches } from '../../../src/main/core/migration'
import { bytesToBase32 } from '../../../src/main/core/otp'
import { Vault } from '../../../src/main/core/vault'
import type { Account } from '../../../src/shared/model'
import { rejectsWith, rig, steps } from '../enroll/helpers'

const GOOD = 'JBSWY3DPEHPK3PXP'
const secretOf = (n: number): string => bytesToBase32(new Uint8Array(n).fill(7))

let root: string
let env: Record<string, string>

async function tessera(
  args: string[],
  input = ''
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const stdin = new PassThrough()
  stdin.end(input)
  const code = await runCli(args, {
    stdin,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env
  })
  return { code, stdout, stderr }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tessera-hostile-'))
  env = {
    HOME: join(root, 'home'),
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/tessera-hostile-test',
    TESSERA_DATA_DIR: join(root, 'data'),
    TESSERA_PASSWORD: 'hostile-test-password'
  }
  expect((await tessera(['init', '--no-keychain'])).code).toBe(0)
  const good = `otpauth://totp/GitHub:me?secret=${GOOD}&issuer=GitHub`
  expect((await tessera(['add', '-'], good)).code).toBe(0)
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('the CLI', { timeout: 120_000 }, () => {
  it('add: a 1-byte secret and a 1,500-character name are exit 2 with the reason; nothing added', async () => {
    const before = (await tessera(['list', '--json'])).stdout
    const tiny = await tessera(['add', '-'], `otpauth://totp/Evil:x?secret=AE&issuer=Evil`)
    expect(tiny.code).toBe(2)
    expect(tiny.stderr).toMatch(/only 1 byte long; Tessera needs at least 10/)
    const long = await tessera(
      ['add', '-'],
      `otpauth://totp/Evil:${'%1B%5B2J'.repeat(400)}?secret=${GOOD}&issuer=Evil`
    )
    expect(long.code).toBe(2)
    expect(long.stderr).toMatch(/characters long; Tessera keeps names of up to 256/)
    expect((await tessera(['list', '--json'])).stdout).toBe(before)
  })

  it('scan: a Google export QR with a 1,500-byte secret adds only the good account', async () => {
    const [uri] = encodeMigrationBatches([
      {
        issuer: 'Evil',
        label: 'big',
        otp: {
          type: 'totp',
          secret: secretOf(1500),
          algorithm: 'SHA1',
          digits: 6,
          period: 30,
          counter: 0
        }
      },
      {
        issuer: 'Mail',
        label: 'me@example.com',
        otp: {
          type: 'totp',
          secret: secretOf(20),
          algorithm: 'SHA1',
          digits: 6,
          period: 30,
          counter: 0
        }
      }
    ])
    const file = join(root, 'export.png')
    await QRCode.toFile(file, uri!, { type: 'png', errorCorrectionLevel: 'L' })
    const out = await tessera(['scan', '--json', file])
    expect(out.code).toBe(0)
    const list = JSON.parse((await tessera(['list', '--json'])).stdout) as { issuer: string }[]
    expect(list.map((a) => a.issuer).sort()).toEqual(['GitHub', 'Mail'])
  })

  it('code: an account an older Tessera stored with a 1,500-byte secret is named; the others still print', async () => {
    // Plant the bad account as it would be on disk (restore keeps accounts exactly as they were).
    const vault = new Vault({ dataDir: env.TESSERA_DATA_DIR!, keychain: new MemoryKeychain() })
    await vault.unlockWithPassword(env.TESSERA_PASSWORD!)
    const template = vault.list()[0]!
    const bad: Account = {
      ...template,
      id: '00000000-0000-4000-8000-000000000bad',
      issuer: 'Old',
      label: 'broken',
      order: 99,
      otp: { ...template.otp, secret: secretOf(1500) }
    }
    await vault.restore([bad])
    vault.lock('user')

    const out = await tessera(['code', '--json'])
    expect(out.code).toBe(2)
    const rows = JSON.parse(out.stdout) as { issuer: string; code: string }[]
    expect(rows.map((r) => r.issuer).sort()).toEqual(['GitHub', 'Mail'])
    for (const r of rows) expect(r.code).toMatch(/^\d{6}$/)
    expect(out.stderr).toMatch(/Old \(broken\)/)
    expect(out.stderr).toMatch(/1500 bytes/)
    // list keeps working too.
    expect((await tessera(['list'])).code).toBe(0)
  })
})

describe('enrollment', () => {
  it('a server sending a 1-byte secret gets no account and no answer', async () => {
    const r = await rig('ucloud', { server: { secretFactory: () => 'AE' } })
    try {
      const err = await rejectsWith(
        r.service.enroll(r.profile.id, { onStep: (e) => r.events.push(e) }),
        'MALFORMED_RESPONSE'
      )
      expect(err.message).toMatch(/secret is only 1 byte long/)
      expect(r.accounts.list()).toEqual([])
      // The server never got a confirmation code: 2FA stays off there.
      expect(r.server.user().ucloud.connected).toBe(false)
      expect(steps(r.events)).not.toContain('answering')
      expect(steps(r.events)).not.toContain('saved-pending')
    } finally {
      await r.server.close()
    }
  })
})
