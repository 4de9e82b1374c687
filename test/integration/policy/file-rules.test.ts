/**
 * The policy file's trust rules on a real file system, as root (CI and this machine run as root):
 * a root-owned 0644 file in a root-owned 0755 folder is honoured; a group-writable file, a file
 * owned by another user, a writable or foreign folder, a symbolic link, a folder, a FIFO, a 10 MB
 * file, deep nesting and broken JSON are each ignored with a warning that says what to fix, and
 * nothing loosens. A change on disk is applied while the service runs.
 *
 * Everything happens in a private root-owned temporary folder, never in /etc/tessera: the other
 * suites (and other people's runs on this machine) must not see these policies.
 */
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultPolicyValues } from '../../../src/main/core/policy/definitions'
import { mergePolicyReadings } from '../../../src/main/core/policy/merge'
import { policyFileSource } from '../../../src/main/core/policy/platform'
import { PolicyService } from '../../../src/main/core/policy/service'
import { MAX_POLICY_FILE_BYTES, readPolicyFile } from '../../../src/main/core/policy/sources/file'
import type { PolicySnapshotView } from '../../../src/shared/policy'

const isRoot = process.platform !== 'win32' && process.getuid?.() === 0
if (!isRoot) {
  console.warn(
    '[policy file rules] skipped: these tests chown files to root and to another user, which needs root (CI runs as root).'
  )
}

/** A uid no account on the machine uses: stands for "a user". */
const USER_UID = 4242
const paths = { platform: 'linux' as const, home: '/home/ada', env: {} }

let root: string
let folder: string
let file: string

function write(content: string, mode = 0o644): void {
  writeFileSync(file, content)
  chmodSync(file, mode)
}

async function snapshotOf(path: string): Promise<PolicySnapshotView> {
  return mergePolicyReadings([await readPolicyFile(path)], { paths })
}

async function until(check: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe.skipIf(!isRoot)('policy file trust rules (as root)', () => {
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tessera-policy-'))
    chmodSync(root, 0o755)
    folder = join(root, 'tessera')
    mkdirSync(folder, { mode: 0o755 })
    chmodSync(folder, 0o755)
    file = join(folder, 'policy.json')
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  it('honours a root-owned 0644 file in a root-owned 0755 folder', async () => {
    write('{"ExportMode": "disabled", "AutoLockMaxMinutes": 10}')
    const r = await readPolicyFile(file)
    expect(r).toMatchObject({ source: 'file', status: 'read', warnings: [] })
    const s = mergePolicyReadings([r], { paths })
    expect(s.values.ExportMode).toBe('disabled')
    expect(s.values.AutoLockMaxMinutes).toBe(10)
    expect(s.entries.map((e) => e.location)).toEqual([file, file])
  })

  it('a missing file or folder is simply no policy (no warning)', async () => {
    expect(await readPolicyFile(file)).toMatchObject({ status: 'absent', warnings: [] })
    expect(await readPolicyFile(join(root, 'nope', 'policy.json'))).toMatchObject({
      status: 'absent'
    })
  })

  const ignoredCases: [string, () => void, RegExp][] = [
    [
      'a group-writable file',
      () => write('{"ExportMode":"disabled"}', 0o664),
      /can be changed by users other than root \(mode 0664\)/
    ],
    ['a world-writable file', () => write('{"ExportMode":"disabled"}', 0o646), /mode 0646/],
    [
      'a file owned by a user',
      () => {
        write('{"ExportMode":"disabled"}')
        chownSync(file, USER_UID, USER_UID)
      },
      /owned by uid 4242, not root/
    ],
    [
      'a group-writable folder',
      () => {
        write('{"ExportMode":"disabled"}')
        chmodSync(folder, 0o775)
      },
      /its folder .* can be changed by users other than root \(mode 0775\)/
    ],
    [
      'a folder owned by a user',
      () => {
        write('{"ExportMode":"disabled"}')
        chownSync(folder, USER_UID, USER_UID)
      },
      /its folder .* is owned by uid 4242/
    ],
    [
      'a symbolic link to a user file',
      () => {
        const own = join(root, 'mine.json')
        writeFileSync(own, '{"ExportMode":"allowed"}')
        chownSync(own, USER_UID, USER_UID)
        symlinkSync(own, file)
      },
      /is a symbolic link/
    ],
    [
      'a symbolic link even to a root-owned file',
      () => {
        const other = join(root, 'other.json')
        writeFileSync(other, '{"ExportMode":"disabled"}')
        symlinkSync(other, file)
      },
      /is a symbolic link/
    ],
    ['a folder where the file should be', () => mkdirSync(file), /is a folder, not a file/],
    [
      'a FIFO (would block a reader forever)',
      () => execFileSync('mkfifo', ['-m', '0644', file]),
      /is not a regular file/
    ],
    [
      'a folder that is a symbolic link',
      () => {
        rmSync(folder, { recursive: true })
        const real = join(root, 'real')
        mkdirSync(real, { mode: 0o755 })
        writeFileSync(join(real, 'policy.json'), '{"ExportMode":"disabled"}')
        symlinkSync(real, folder)
      },
      /its folder .* is not a real folder/
    ]
  ]
  for (const [name, arrange, message] of ignoredCases) {
    it(`ignores ${name} with a warning that says what to fix`, async () => {
      arrange()
      const r = await readPolicyFile(file)
      expect(r.status).toBe('ignored')
      expect(r.values).toEqual([])
      expect(r.warnings).toHaveLength(1)
      expect(r.warnings[0]!.code).toBe('file-untrusted')
      expect(r.warnings[0]!.message).toMatch(message)
      expect(r.warnings[0]!.message).toContain('Tessera ignores it')
      expect((await snapshotOf(file)).values).toEqual(defaultPolicyValues())
    })
  }

  const unusable: [string, () => void, RegExp][] = [
    [
      'a 10 MB file',
      () => write('{"ExportMode":"disabled","pad":"' + 'x'.repeat(10 * 1024 * 1024) + '"}'),
      /is \d+ bytes, over the 256 KiB/
    ],
    [
      'a file nested 100 000 levels deep',
      () => write('{"EnrollmentServers":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}'),
      /nests deeper than 16 levels/
    ],
    ['broken JSON', () => write('{"ExportMode": "disabled",}'), /is not valid JSON/],
    ['JSON that is not an object', () => write('["ExportMode"]'), /must hold one JSON object/],
    [
      'text that is not UTF-8',
      () => writeFileSync(file, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
      /is not UTF-8/
    ]
  ]
  for (const [name, arrange, message] of unusable) {
    it(`ignores ${name} with a warning, quickly`, async () => {
      arrange()
      const t0 = performance.now()
      const r = await readPolicyFile(file)
      expect(performance.now() - t0).toBeLessThan(2000)
      expect(r.status).toBe('ignored')
      expect(r.warnings[0]!.code).toBe('file-unusable')
      expect(r.warnings[0]!.message).toMatch(message)
      expect((await snapshotOf(file)).values).toEqual(defaultPolicyValues())
    })
  }

  it('the size cap is what the message says it is', () => {
    expect(MAX_POLICY_FILE_BYTES).toBe(256 * 1024)
  })

  describe('while running', () => {
    let service: PolicyService
    afterEach(() => service?.stop())

    function start(): Promise<PolicySnapshotView> {
      // A long timer: only the folder watch can make these changes show up in time.
      service = new PolicyService({
        sources: [policyFileSource(file, 600_000)],
        paths,
        debounceMs: 20
      })
      const loaded = service.load()
      service.start()
      return loaded
    }

    it('applies a change on disk: an edit in place, a replace by rename, then removal', async () => {
      write('{"ExportMode": "encryptedOnly"}')
      const first = await start()
      expect(first.values.ExportMode).toBe('encryptedOnly')
      const seen: string[] = []
      service.onChange((s) => seen.push(s.values.ExportMode))

      write('{"ExportMode": "disabled"}')
      await until(() => service.values.ExportMode === 'disabled', 'the in-place edit')

      const tmp = join(folder, '.policy.json.new')
      writeFileSync(tmp, '{"ExportMode": "allowed", "AllowManualEntry": false}')
      chmodSync(tmp, 0o644)
      renameSync(tmp, file)
      await until(() => service.values.AllowManualEntry === false, 'the replace by rename')
      expect(service.values.ExportMode).toBe('allowed')

      rmSync(file)
      await until(() => !service.snapshot.managed, 'the removal')
      expect(service.values).toEqual(defaultPolicyValues())
      expect(seen).toEqual(['disabled', 'allowed', 'allowed'])
    })

    it('picks up a file created after start', async () => {
      const first = await start()
      expect(first.managed).toBe(false)
      write('{"RequireAppLock": true}')
      await until(() => service.values.RequireAppLock, 'the new file')
    })

    it('a file that turns untrusted or broken keeps the last good policies, with a warning', async () => {
      write('{"ExportMode": "disabled"}')
      await start()
      chmodSync(file, 0o666)
      await until(() => service.snapshot.warnings.length > 0, 'the warning')
      expect(service.values.ExportMode).toBe('disabled')
      expect(service.snapshot.sources[0]!.status).toBe('ignored')
      expect(service.snapshot.warnings.map((w) => w.message).join('\n')).toMatch(
        /mode 0666[\s\S]*stay in force until it can be used again/
      )

      chmodSync(file, 0o644)
      write('{"ExportMode": "disabled", ')
      await until(
        () => service.snapshot.warnings.some((w) => w.code === 'file-unusable'),
        'the broken-file warning'
      )
      expect(service.values.ExportMode).toBe('disabled')

      write('{"ExportMode": "encryptedOnly"}')
      await until(() => service.values.ExportMode === 'encryptedOnly', 'the fixed file')
      expect(service.snapshot.warnings).toEqual([])
    })
  })
})
