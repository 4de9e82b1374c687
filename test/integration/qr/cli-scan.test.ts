/** `tessera scan` through the real CLI runner, on a real vault in a temp folder. */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import QRCode from 'qrcode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeMigrationBatches } from '../../../src/main/core/migration'
import { runCli } from '../../../src/cli/run'
import { imageTooLargeMessage } from '../../../src/shared/limits'
import { pngInflateBomb, progressiveJpeg } from '../../helpers/hostile-images'

let root: string
let env: Record<string, string>

async function tessera(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const stdin = new PassThrough()
  stdin.end('')
  const code = await runCli(args, {
    stdin,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env
  })
  return { code, stdout, stderr }
}

const totp = 'otpauth://totp/GitHub:octo@example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub'

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tessera-scan-cli-'))
  env = {
    HOME: join(root, 'home'),
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/tessera-scan-test',
    TESSERA_DATA_DIR: join(root, 'data'),
    TESSERA_PASSWORD: 'scan-test-password'
  }
  expect((await tessera(['init', '--no-keychain'])).code).toBe(0)
  await QRCode.toFile(join(root, 'github.png'), totp, { type: 'png' })
  const [exportUri] = encodeMigrationBatches(
    [
      {
        issuer: 'Bank',
        label: 'me',
        otp: {
          type: 'hotp',
          secret: 'MFRGGZDFMZTWQ2LK',
          algorithm: 'SHA1',
          digits: 6,
          period: 30,
          counter: 5
        }
      },
      {
        issuer: 'Mail',
        label: 'me@example.com',
        otp: {
          type: 'totp',
          secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
          algorithm: 'SHA256',
          digits: 8,
          period: 30,
          counter: 0
        }
      }
    ],
    { batchId: 5 }
  )
  await QRCode.toFile(join(root, 'export.png'), exportUri!, { type: 'png' })
  await QRCode.toFile(join(root, 'link.png'), 'https://example.com/hello', { type: 'png' })
  const { PNG } = await import('pngjs')
  const blank = new PNG({ width: 50, height: 50 })
  blank.data.fill(255)
  writeFileSync(join(root, 'blank.png'), PNG.sync.write(blank))
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('tessera scan', () => {
  it('--dry-run lists what the images hold and adds nothing', async () => {
    const out = await tessera([
      'scan',
      '--dry-run',
      '--json',
      join(root, 'github.png'),
      join(root, 'link.png')
    ])
    expect(out.code).toBe(0)
    const r = JSON.parse(out.stdout) as Record<string, unknown>
    expect(r).toMatchObject({
      dryRun: true,
      added: [],
      wouldAdd: [{ issuer: 'GitHub', label: 'octo@example.com' }],
      files: [
        { file: 'github.png', path: join(root, 'github.png'), codes: 1 },
        { file: 'link.png', path: join(root, 'link.png'), codes: 1 }
      ],
      found: [
        {
          file: 'github.png',
          kind: 'otpauth',
          accounts: [{ issuer: 'GitHub', label: 'octo@example.com', type: 'totp' }]
        },
        {
          file: 'link.png',
          kind: 'web-link',
          explanation: 'This QR code is a web link to example.com, not an authenticator setup code.'
        }
      ]
    })
    expect(out.stdout).not.toContain('JBSWY3DPEHPK3PXP')
    const text = await tessera([
      'scan',
      '--dry-run',
      join(root, 'github.png'),
      join(root, 'link.png')
    ])
    expect(text.stdout).toContain(`${join(root, 'github.png')}: 1 QR code\n`)
    expect(text.stdout).toContain(`${join(root, 'link.png')}: 1 QR code\n`)
    const list = await tessera(['list', '--json'])
    expect(list.stdout).not.toContain('GitHub')
  })

  it('adds the accounts of a setup code and an export in one go, then skips them the second time', async () => {
    const out = await tessera([
      'scan',
      '--json',
      join(root, 'github.png'),
      join(root, 'export.png')
    ])
    expect(out.code).toBe(0)
    const r = JSON.parse(out.stdout) as { added: { issuer: string; label: string; id: string }[] }
    expect(r.added.map((a) => [a.issuer, a.label])).toEqual([
      ['GitHub', 'octo@example.com'],
      ['Bank', 'me'],
      ['Mail', 'me@example.com']
    ])
    const list = await tessera(['list', '--json'])
    expect(list.stdout).toContain('octo@example.com')
    expect(list.stdout).toContain('Bank')

    const again = await tessera(['scan', join(root, 'export.png')])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('Skipped Bank: me: already in the vault.')
    expect(again.stdout).toContain('Added 0 accounts.')
  })

  it('a file without a QR code is exit 2 and nothing is added', async () => {
    const before = (await tessera(['list', '--json'])).stdout
    const out = await tessera(['scan', '--json', join(root, 'link.png'), join(root, 'blank.png')])
    expect(out.code).toBe(2)
    const err = JSON.parse(out.stderr) as { error: { code: string; message: string } }
    expect(err.error.code).toBe('QR_NOT_FOUND')
    expect(err.error.message).toMatch(/No QR code was found in blank\.png.*Nothing was added\./)
    expect((await tessera(['list', '--json'])).stdout).toBe(before)
  })

  it("a file that is not there, or a folder, is exit 2 (invalid input, not the vault's 3)", async () => {
    const missing = await tessera(['scan', '--json', join(root, 'nope.png')])
    expect(missing.code).toBe(2)
    const err = JSON.parse(missing.stderr) as { error: { code: string; message: string } }
    expect(err.error).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/no file at nope\.png/)
    })
    expect((await tessera(['scan', root])).code).toBe(2)
  })

  it('a 3 GiB file is refused by its size without reading it (IMAGE_TOO_LARGE, exit 2)', async () => {
    const big = join(root, 'huge.png')
    writeFileSync(big, '')
    truncateSync(big, 3 * 1024 ** 3) // sparse: no disk space used
    const out = await tessera(['scan', '--json', big])
    rmSync(big)
    expect(out.code).toBe(2)
    expect(JSON.parse(out.stderr).error).toMatchObject({
      code: 'IMAGE_TOO_LARGE',
      message: expect.stringMatching(/huge\.png is 3072 MiB/)
    })
  })

  it("the CLI refuses an image over the app's 32 MiB cap, in the app's words", async () => {
    // One cap for every way into a scan: a 40 MiB file the app would refuse is refused here too.
    const big = join(root, 'photo.jpg')
    writeFileSync(big, '')
    truncateSync(big, 40 * 1024 ** 2)
    const out = await tessera(['scan', '--json', '--dry-run', big])
    rmSync(big)
    expect(out.code).toBe(2)
    expect(JSON.parse(out.stderr).error.message).toContain(
      imageTooLargeMessage('photo.jpg', 40 * 1024 ** 2)
    )
  })

  it('a file that is not an image is exit 2', async () => {
    writeFileSync(join(root, 'notes.png'), 'just text')
    const out = await tessera(['scan', join(root, 'notes.png')])
    expect(out.code).toBe(2)
    expect(out.stderr).toMatch(/could not be read as an image/)
  })

  it('image bombs (3 GiB interlaced PNG, progressive JPEG scan bomb) are exit 2 in seconds (most of it the vault unlock), not minutes', async () => {
    writeFileSync(join(root, 'bomb.png'), pngInflateBomb({ inflatedMiB: 3072, interlaced: true }))
    writeFileSync(
      join(root, 'bomb.jpg'),
      progressiveJpeg({ width: 6000, height: 6000, repeatLastScan: 3200 })
    )
    const before = (await tessera(['list', '--json'])).stdout
    for (const name of ['bomb.png', 'bomb.jpg']) {
      const started = performance.now()
      const out = await tessera(['scan', '--json', join(root, name)])
      const ms = performance.now() - started
      console.log(`tessera scan ${name}: exit ${out.code} in ${Math.round(ms)} ms`)
      expect(out.code).toBe(2)
      expect(JSON.parse(out.stderr).error.code).toBe('IMAGE_INVALID')
      expect(ms).toBeLessThan(8000)
    }
    expect((await tessera(['list', '--json'])).stdout).toBe(before)
  })
})
