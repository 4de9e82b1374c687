/**
 * The import and export channels as the renderer calls them (through the dispatcher, so schemas
 * and the Result envelope apply): password prompts and retries, duplicates, one-write saves,
 * discarding, the export policy, save dialogs, and migration QR codes that scan back.
 */
import { describe, expect, it } from 'vitest'
import { importFile } from '../../../src/main/core/import'
import { decodeMigrationUri } from '../../../src/main/core/migration'
import { createInProcessQrDecoder } from '../../../src/main/core/qr'
import { fixedPolicies } from '../../../src/main/core/policy'
import { policySnapshot } from '../../helpers/policies'
import type { CallContext } from '../../../src/main/handlers'
import type { FileDialogs } from '../../../src/main/ports'
import { composeForTest } from '../../helpers/compose'
import type { Result } from '../../../src/shared/errors'
import type { OutputOf } from '../../../src/shared/ipc'
import { readCorpus } from '../../helpers/corpora'
import { secretEncodings } from '../ipc/fixtures'

const ctx: CallContext = { transport: 'direct' }
const DENO_SECRET = '4SJHB4GSD43FZBAI7C2HLRJGPQ'
const encryptedAegis = (): Buffer => readCorpus('aegis', 'importers', 'aegis_encrypted.json')
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64')

interface Saved {
  title: string
  suggestedName: string
  content: string
}

function setup(opts: { policy?: Record<string, unknown>; picked?: Buffer | null } = {}) {
  const emitted: { event: string; payload: unknown }[] = []
  let saveAnswer: string | null = '/home/user/export.json'
  const saved: Saved[] = []
  const dialogs: FileDialogs = {
    openBackup: async () =>
      opts.picked === null ? null : { name: 'backup.json', bytes: opts.picked ?? encryptedAegis() },
    openUsersList: async () => null,
    saveExport: async (request) => {
      saved.push(request)
      return saveAnswer
    }
  }
  const main = composeForTest({
    clock: () => 1_700_000_000_000,
    ports: { emit: (event, payload) => emitted.push({ event, payload }), fileDialogs: dialogs },
    ...(opts.policy ? { services: { policies: fixedPolicies(policySnapshot(opts.policy)) } } : {})
  })
  const { dispatch, vault: store } = main
  const imports = main.services.imports
  let writes = 0
  const addMany = store.addMany.bind(store)
  store.addMany = async (list, status) => {
    writes++
    return addMany(list, status)
  }
  const crossed: unknown[] = []
  async function call<K extends Parameters<typeof dispatch>[0]>(
    channel: K,
    input: unknown
  ): Promise<Result<unknown>> {
    const result = await dispatch(channel, input, ctx)
    crossed.push(result)
    return result
  }
  async function value<T>(channel: string, input: unknown): Promise<T> {
    const result = await call(channel, input)
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
    return result.value as T
  }
  return {
    store,
    imports,
    saved,
    emitted,
    crossed,
    call,
    value,
    writes: () => writes,
    cancelSave: () => void (saveAnswer = null)
  }
}

type Step = OutputOf<'import:open'>

async function openEncrypted(t: ReturnType<typeof setup>): Promise<Step> {
  return t.value<Step>('import:open', {
    data: b64(encryptedAegis()),
    fileName: 'C:\\backups\\aegis.json'
  })
}

describe('import channels', () => {
  it('asks for the password, again after a wrong one, then reviews without any secret', async () => {
    const t = setup()
    const first = await openEncrypted(t)
    expect(first).toMatchObject({
      status: 'needs-password',
      formatName: 'Aegis',
      wrongPassword: false,
      fileName: 'aegis.json'
    })
    const wrong = await t.value<Step>('import:unlock', { token: first.token, password: 'nope' })
    expect(wrong).toMatchObject({
      status: 'needs-password',
      wrongPassword: true,
      token: first.token
    })
    if (wrong.status === 'needs-password') expect(wrong.message).toMatch(/password/i)
    const ready = await t.value<Step>('import:unlock', { token: first.token, password: 'test' })
    if (ready.status !== 'ready') throw new Error('expected a review')
    expect(ready.review.counts).toEqual({ found: 7, duplicates: 0, failed: 0 })
    expect(ready.review.entries.map((e) => e.issuer)).toContain('Deno')
    expect(ready.fileName).toBe('aegis.json')
    const serialized = JSON.stringify(t.crossed)
    for (const e of secretEncodings(DENO_SECRET)) expect(serialized.includes(e), e).toBe(false)
    expect(serialized).not.toMatch(/"(?:secret|pin|otp)"\s*:/i)
  })

  it('marks accounts the vault already has as duplicates', async () => {
    const t = setup()
    await t.store.addMany([
      {
        issuer: 'Deno',
        label: 'Mason',
        otp: {
          type: 'totp',
          secret: DENO_SECRET,
          algorithm: 'SHA1',
          digits: 6,
          period: 30,
          counter: 0
        }
      }
    ])
    const first = await openEncrypted(t)
    const ready = await t.value<Step>('import:unlock', { token: first.token, password: 'test' })
    if (ready.status !== 'ready') throw new Error('expected a review')
    expect(ready.review.counts.duplicates).toBe(1)
    const deno = ready.review.entries.find((e) => e.issuer === 'Deno')
    expect(deno?.duplicate).toMatchObject({ reason: 'same-secret' })
    expect(ready.review.entries.filter((e) => e.duplicate)).toHaveLength(1)
  })

  it('saves exactly the selected rows in one write and tells the windows', async () => {
    const t = setup()
    const first = await openEncrypted(t)
    const ready = await t.value<Step>('import:unlock', { token: first.token, password: 'test' })
    if (ready.status !== 'ready') throw new Error('expected a review')
    const pick = ready.review.entries.filter((e) => ['Deno', 'Airbnb'].includes(e.issuer))
    const before = t.writes()
    const done = await t.value<OutputOf<'import:commit'>>('import:commit', {
      token: ready.token,
      selected: pick.map((e) => e.index)
    })
    expect(t.writes() - before).toBe(1)
    expect(done.added).toBe(2)
    expect(t.store.list().map((a) => a.issuer)).toEqual(['Deno', 'Airbnb'])
    expect(t.emitted).toEqual([
      { event: 'accounts:changed', payload: { reason: 'added', ids: done.ids } }
    ])
    // The import is closed: a second save finds nothing.
    const again = await t.call('import:commit', { token: ready.token, selected: [0] })
    expect(again).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(t.store.list()).toHaveLength(2)
  })

  it('refuses to save nothing', async () => {
    const t = setup()
    const first = await openEncrypted(t)
    await t.value('import:unlock', { token: first.token, password: 'test' })
    const none = await t.call('import:commit', { token: first.token, selected: [] })
    expect(none).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(t.writes()).toBe(0)
  })

  it('discard wipes the import: no review, no save, nothing held', async () => {
    const t = setup()
    const first = await openEncrypted(t)
    await t.value('import:unlock', { token: first.token, password: 'test' })
    expect(t.imports.size).toBe(1)
    expect(await t.call('import:discard', { token: first.token })).toEqual({
      ok: true,
      value: null
    })
    expect(t.imports.size).toBe(0)
    for (const [channel, input] of [
      ['import:review', { token: first.token }],
      ['import:commit', { token: first.token, selected: [0] }],
      ['import:unlock', { token: first.token, password: 'test' }]
    ] as const) {
      expect(await t.call(channel, input)).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' }
      })
    }
    expect(t.writes()).toBe(0)
  })

  it('reads a file main picked in the open dialog; cancelling answers null', async () => {
    const t = setup()
    const step = await t.value<Step>('import:pickFile', {})
    expect(step).toMatchObject({ status: 'needs-password', fileName: 'backup.json' })
    const cancelled = setup({ picked: null })
    expect(await cancelled.call('import:pickFile', {})).toEqual({ ok: true, value: null })
  })

  it('names what is wrong with a file that is no backup, and keeps nothing', async () => {
    const t = setup()
    const result = await t.call('import:open', { data: b64(Buffer.from('hello, world')) })
    expect(result).toMatchObject({ ok: false, error: { code: 'IMPORT_FORMAT' } })
    expect(t.imports.size).toBe(0)
    const garbled = await t.call('import:open', { data: 'not base64!' })
    expect(garbled).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('honours a format chosen by hand', async () => {
    const t = setup()
    const plain = readCorpus('aegis', 'importers', 'plain.txt')
    const step = await t.value<Step>('import:open', { data: b64(plain), format: 'uris' })
    if (step.status !== 'ready') throw new Error('expected a review')
    expect(step.review.formatName).toBe('otpauth URI list')
    const wrong = await t.call('import:open', { data: b64(plain), format: 'aegis' })
    expect(wrong.ok).toBe(false)
  })
})

describe('export channels', () => {
  const seed = async (t: ReturnType<typeof setup>): Promise<void> => {
    const step = await t.value<Step>('import:open', {
      data: b64(readCorpus('aegis', 'importers', 'aegis_plain.json'))
    })
    if (step.status !== 'ready') throw new Error('expected a review')
    await t.value('import:commit', {
      token: step.token,
      selected: step.review.entries.map((e) => e.index)
    })
  }

  it('IT policy refuses every export channel before anything is read or written', async () => {
    const t = setup({ policy: { ExportMode: 'disabled', AdminContactName: 'IT Desk' } })
    await seed(t)
    const status = await t.value<OutputOf<'export:status'>>('export:status', undefined)
    expect(status.allowed).toBe(false)
    expect(status.message).toMatch(/organization does not allow exporting.*ExportMode.*Ask IT Desk/)
    for (const [channel, input] of [
      ['export:saveFile', { format: 'aegis', password: 'long enough', confirm: 'long enough' }],
      ['export:saveFile', { format: 'uris', acknowledgePlaintext: true }],
      ['export:saveFile', { format: 'aegis-plain', acknowledgePlaintext: true }],
      ['export:migrationQr', { acknowledgeSecretsOnScreen: true }]
    ] as const) {
      const result = await t.call(channel, input)
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'POLICY_FORBIDDEN' } })
    }
    expect(t.saved).toEqual([])
  })

  it('ExportMode=encryptedOnly: only the password-protected file is written', async () => {
    const t = setup({ policy: { ExportMode: 'encryptedOnly' } })
    await seed(t)
    const status = await t.value<OutputOf<'export:status'>>('export:status', undefined)
    expect(status).toMatchObject({ allowed: true, encryptedOnly: true })
    expect(status.plainMessage).toMatch(/only password-protected/)
    for (const [channel, input] of [
      ['export:saveFile', { format: 'uris', acknowledgePlaintext: true }],
      ['export:saveFile', { format: 'aegis-plain', acknowledgePlaintext: true }],
      ['export:migrationQr', { acknowledgeSecretsOnScreen: true }]
    ] as const) {
      const result = await t.call(channel, input)
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'POLICY_FORBIDDEN' } })
    }
    expect(t.saved).toEqual([])
    const done = await t.value<OutputOf<'export:saveFile'>>('export:saveFile', {
      format: 'aegis',
      password: 'correct horse',
      confirm: 'correct horse'
    })
    expect(done.saved).toBe(true)
    expect(t.saved).toHaveLength(1)
  })

  it('writes an encrypted Aegis vault through the save dialog that imports back', async () => {
    const t = setup()
    await seed(t)
    const mismatch = await t.call('export:saveFile', {
      format: 'aegis',
      password: 'correct horse',
      confirm: 'correct horsf'
    })
    expect(mismatch).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(t.saved).toEqual([])
    const short = await t.call('export:saveFile', {
      format: 'aegis',
      password: 'abc',
      confirm: 'abc'
    })
    expect(short).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })

    const done = await t.value<OutputOf<'export:saveFile'>>('export:saveFile', {
      format: 'aegis',
      password: 'correct horse',
      confirm: 'correct horse'
    })
    expect(done).toEqual({ saved: true, path: '/home/user/export.json', count: 7 })
    const file = t.saved[0]
    if (!file) throw new Error('nothing saved')
    expect(file.suggestedName).toMatch(/\.json$/)
    expect(file.content).not.toContain(DENO_SECRET)
    const back = await importFile(Buffer.from(file.content), { password: 'correct horse' })
    expect(back.accounts.map((a) => a.otp.secret)).toEqual(t.store.list().map((a) => a.otp.secret))
    // The file's content never crossed to the renderer.
    expect(JSON.stringify(t.crossed)).not.toContain(file.content.slice(0, 200))
  })

  it('plain exports need the acknowledgement; a cancelled dialog saves nothing', async () => {
    const t = setup()
    await seed(t)
    const unconfirmed = await t.call('export:saveFile', { format: 'uris' })
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const uris = await t.value<OutputOf<'export:saveFile'>>('export:saveFile', {
      format: 'uris',
      acknowledgePlaintext: true
    })
    expect(uris.saved).toBe(true)
    expect(t.saved[0]?.content.split('\n').filter(Boolean)).toHaveLength(7)
    t.cancelSave()
    const cancelled = await t.value<OutputOf<'export:saveFile'>>('export:saveFile', {
      format: 'aegis-plain',
      acknowledgePlaintext: true
    })
    expect(cancelled).toEqual({ saved: false, path: null, count: 0 })
  })

  it('with no accounts says there is nothing to export', async () => {
    const t = setup()
    const result = await t.call('export:migrationQr', { acknowledgeSecretsOnScreen: true })
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('migration QR codes need the acknowledgement, and scan back to the accounts', async () => {
    const t = setup()
    await seed(t)
    const refused = await t.call('export:migrationQr', {})
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const qr = await t.value<OutputOf<'export:migrationQr'>>('export:migrationQr', {
      acknowledgeSecretsOnScreen: true
    })
    // Steam and the 7-digit / 20 s / 50 s accounts cannot travel in Google's format.
    expect(qr.skipped.map((s) => s.name).sort()).toEqual(
      ['Air Canada (Benjamin)', 'Airbnb (Elijah)', 'Boeing (Sophia)', 'SPDX (James)'].sort()
    )
    expect(qr.codes).toHaveLength(1)
    const code = qr.codes[0]
    if (!code) throw new Error('no code')
    expect(code.accounts).toBe(3)
    const decoder = createInProcessQrDecoder()
    try {
      const [found] = await decoder.decode(rasterize(code.size, code.path, 6))
      if (!found) throw new Error('the QR did not scan')
      const decoded = decodeMigrationUri(found.text)
      expect(decoded.accounts.map((a) => a.issuer).sort()).toEqual(['Deno', 'Issuu', 'WWE'])
      expect(decoded.accounts.find((a) => a.issuer === 'Deno')?.otp.secret).toBe(DENO_SECRET)
    } finally {
      await decoder.close()
    }
  })
})

/** Paints the SVG path the renderer gets (only `M x y h w v1 h-w z` runs) into RGBA pixels. */
function rasterize(size: number, path: string, scale: number) {
  const width = size * scale
  const data = new Uint8Array(width * width * 4).fill(255)
  for (const m of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const [x, y, w] = [Number(m[1]), Number(m[2]), Number(m[3])]
    for (let py = y * scale; py < (y + 1) * scale; py++)
      for (let px = x * scale; px < (x + w) * scale; px++)
        data.fill(0, (py * width + px) * 4, (py * width + px) * 4 + 3)
  }
  return { width, height: width, order: 'rgba' as const, data }
}
