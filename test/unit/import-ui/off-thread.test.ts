/**
 * The app reads backups in a worker thread (Ente's Argon2id is a synchronous call that would
 * freeze main for seconds): same accounts and the same typed errors as reading in-process.
 */
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/shared/errors'
import { importFile, ImportSessions } from '../../../src/main/core/import'
import { createOffThreadImport } from '../../../src/main/core/import/off-thread'
import { enteEncrypted } from '../import/fixtures'

const PLAIN =
  'otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXP&issuer=Acme\n' +
  'otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Bank&counter=3\n'

describe('reading a backup in a worker thread', () => {
  const read = createOffThreadImport()

  it('gives the same accounts as reading in-process (Ente encrypted)', async () => {
    const file = await enteEncrypted(PLAIN, 'hunter22')
    const there = await read(file, { password: 'hunter22' })
    const here = await importFile(file, { password: 'hunter22' })
    expect(there).toEqual(here)
    expect(there.accounts.map((a) => a.issuer)).toEqual(['Acme', 'Bank'])
  }, 30_000)

  it('keeps the typed errors: password required, wrong password, not a backup', async () => {
    const file = await enteEncrypted(PLAIN, 'hunter22')
    await expect(read(file, {})).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED' })
    const wrong = await read(file, { password: 'nope' }).catch((e: unknown) => e)
    expect(wrong).toBeInstanceOf(AppError)
    expect(wrong).toMatchObject({ code: 'WRONG_PASSWORD' })
    await expect(read(new TextEncoder().encode('hello'), {})).rejects.toMatchObject({
      code: 'IMPORT_FORMAT'
    })
  }, 30_000)

  it('stops a worker that does not answer in time', async () => {
    const slow = createOffThreadImport({ timeoutMs: 1 })
    const file = await enteEncrypted(PLAIN, 'hunter22')
    await expect(slow(file, { password: 'hunter22' })).rejects.toMatchObject({ code: 'TIMEOUT' })
  })
})

describe('closing an import stops its worker', () => {
  it('an aborted read rejects with CANCELLED and the session keeps nothing', async () => {
    const read = createOffThreadImport()
    const file = await enteEncrypted(PLAIN, 'hunter22')
    const controller = new AbortController()
    const pending = read(file, { password: 'hunter22' }, controller.signal)
    controller.abort()
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' })
    const already = new AbortController()
    already.abort()
    await expect(read(file, {}, already.signal)).rejects.toMatchObject({ code: 'CANCELLED' })
  })

  it('ImportSessions.discard aborts the read it started', async () => {
    const signals: AbortSignal[] = []
    const sessions = new ImportSessions({
      read: (_bytes, _options, signal) => {
        signals.push(signal)
        return new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(new AppError('CANCELLED', 'stopped')))
        )
      }
    })
    const opening = sessions.open(new TextEncoder().encode('x'), {}, [])
    await expect.poll(() => signals.length).toBe(1)
    expect(sessions.size).toBe(1)
    sessions.discardAll()
    await expect(opening).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(signals[0]?.aborted).toBe(true)
    expect(sessions.size).toBe(0)
  })
})
