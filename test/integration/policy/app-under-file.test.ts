/**
 * The composed main process (the app's and the e2e harness's composeMain) over a real policy
 * file in a root-owned temporary folder, as root: the file is read before anything is answered,
 * a change on disk is enforced by the very next call, and a bad file (10 MB, a symlink to a
 * user's file, a folder in its place) leaves main answering with a warning and nothing loosened.
 */
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { policyFileSource } from '../../../src/main/core/policy/platform'
import { PolicyService } from '../../../src/main/core/policy/service'
import type { PolicySnapshotView } from '../../../src/shared/policy'
import { composeForTest } from '../../helpers/compose'

const isRoot = process.platform !== 'win32' && process.getuid?.() === 0
const URI = 'otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXP&issuer=Acme'

let root: string
let folder: string
let file: string
let service: PolicyService

async function until(check: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

async function app() {
  service = new PolicyService({
    sources: [policyFileSource(file, 600_000)],
    paths: { platform: 'linux', home: '/home/ada', env: {} },
    debounceMs: 20
  })
  await service.load()
  service.start()
  const main = composeForTest({ services: { policies: service } })
  const call = (channel: string, input?: unknown) =>
    main.dispatch(channel, input, { transport: 'direct' })
  return { main, call }
}

if (!isRoot) {
  // Printed at run time, so a skip here is never silent: the trust rules need chown to root.
  console.warn('skipped: the app-under-a-policy-file suite needs root (CI runs it as root)')
}

describe.skipIf(!isRoot)('the app under a real policy file (as root)', () => {
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tessera-policy-app-'))
    chmodSync(root, 0o755)
    folder = join(root, 'tessera')
    mkdirSync(folder, { mode: 0o755 })
    chmodSync(folder, 0o755)
    file = join(folder, 'policy.json')
  })
  afterEach(() => {
    service?.stop()
    rmSync(root, { recursive: true, force: true })
  })

  it('enforces the file from the first call and follows a change on disk', async () => {
    writeFileSync(file, JSON.stringify({ AllowCopyToClipboard: false, AdminContactName: 'IT' }))
    chmodSync(file, 0o644)
    const t = await app()
    const added = await t.call('accounts:addFromUri', { uri: URI })
    if (!added.ok) throw new Error(added.error.message)
    const id = (added.value as { id: string }).id
    const refused = await t.call('codes:copy', { id })
    expect(refused).toMatchObject({ ok: false, error: { code: 'POLICY_FORBIDDEN' } })
    expect(t.main.recorded.copied).toEqual([])

    writeFileSync(file, JSON.stringify({ AllowManualEntry: false }))
    await until(() => service.values.AllowManualEntry === false, 'the edit on disk')
    expect((await t.call('codes:copy', { id })).ok).toBe(true)
    const manual = await t.call('accounts:addFromUri', { uri: URI, allowDuplicate: true })
    expect(manual).toMatchObject({ ok: false, error: { code: 'POLICY_FORBIDDEN' } })
  })

  const bad: [string, () => void][] = [
    [
      'a 10 MB file',
      () =>
        writeFileSync(
          file,
          `{"AllowCopyToClipboard": false, "x": "${'a'.repeat(10 * 1024 * 1024)}"}`
        )
    ],
    [
      'a symlink to a user’s file',
      () => {
        const mine = join(root, 'mine.json')
        writeFileSync(mine, '{"AllowCopyToClipboard": true}')
        chmodSync(mine, 0o644)
        chownSync(mine, 4242, 4242)
        symlinkSync(mine, file)
      }
    ],
    ['a folder in place of the file', () => mkdirSync(file)],
    [
      'a user-owned file',
      () => {
        writeFileSync(file, '{"AllowCopyToClipboard": true}')
        chownSync(file, 4242, 4242)
      }
    ]
  ]
  for (const [name, make] of bad) {
    it(`${name}: main still starts and answers, says why, nothing is loosened`, async () => {
      // At start: ignored with a warning, the defaults apply, main answers.
      make()
      const fresh = await app()
      const got = await fresh.call('policy:get')
      if (!got.ok) throw new Error(got.error.message)
      const first = got.value as PolicySnapshotView
      expect(first.managed).toBe(false)
      expect(first.warnings.map((w) => w.message).join(' ')).toContain(file)
      expect((await fresh.call('vault:status')).ok).toBe(true)
      service.stop()

      // While running: a good file in force, then replaced by the bad one: what was in force
      // stays (copy still refused), with a warning.
      rmSync(file, { recursive: true, force: true })
      writeFileSync(file, JSON.stringify({ AllowCopyToClipboard: false }))
      chmodSync(file, 0o644)
      const t = await app()
      const added = await t.call('accounts:addFromUri', { uri: URI })
      if (!added.ok) throw new Error(added.error.message)
      const id = (added.value as { id: string }).id
      rmSync(file, { recursive: true, force: true })
      make()
      await service.refresh()
      expect(service.snapshot.warnings.length).toBeGreaterThan(0)
      const copy = await t.call('codes:copy', { id })
      expect(copy).toMatchObject({ ok: false, error: { code: 'POLICY_FORBIDDEN' } })
      expect(t.main.recorded.copied).toEqual([])
    })
  }
})
