import { describe, expect, it } from 'vitest'
import { MemoryAccountStore } from '../../helpers/memory-account-store'
import { ImportSessions } from '../../../src/main/core/import'
import { readCorpus } from '../../helpers/corpora'

const encrypted = () => readCorpus('aegis', 'importers', 'aegis_encrypted.json')

describe("ImportSessions: the review screen's flow, secrets kept in main", () => {
  it('prompts for a password, again after a wrong one, then reviews and saves in one write', async () => {
    const sessions = new ImportSessions()
    const store = new MemoryAccountStore(() => 1)
    const first = await sessions.open(encrypted(), {}, store.list())
    expect(first).toMatchObject({
      status: 'needs-password',
      formatName: 'Aegis',
      wrongPassword: false
    })
    const again = await sessions.unlock(first.token, 'nope', store.list())
    expect(again).toMatchObject({
      status: 'needs-password',
      wrongPassword: true,
      token: first.token
    })
    const ready = await sessions.unlock(first.token, 'test', store.list())
    if (ready.status !== 'ready') throw new Error('expected a review')
    expect(ready.review.counts).toEqual({ found: 7, duplicates: 0, failed: 0 })
    expect(JSON.stringify(ready)).not.toMatch(/4SJHB4GSD43FZBAI7C2HLRJGPQ/)
    let writes = 0
    const addMany = store.addMany.bind(store)
    store.addMany = async (list) => {
      writes++
      return addMany(list)
    }
    const added = await sessions.commit(ready.token, store, [0, 2])
    expect(added.map((a) => a.issuer)).toEqual(['Deno', 'Airbnb'])
    expect(writes).toBe(1)
    expect(sessions.size).toBe(0)
    await expect(sessions.commit(ready.token, store)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('a second import of the same file sees the saved accounts as duplicates and saves only new ones', async () => {
    const sessions = new ImportSessions()
    const store = new MemoryAccountStore(() => 1)
    const a = await sessions.open(
      readCorpus('aegis', 'importers', 'aegis_plain.json'),
      {},
      store.list()
    )
    if (a.status !== 'ready') throw new Error('plain file needs no password')
    await sessions.commit(a.token, store, [0, 1, 2])
    const b = await sessions.open(
      readCorpus('aegis', 'importers', 'andotp_plain.json'),
      { format: 'andotp' },
      store.list()
    )
    if (b.status !== 'ready') throw new Error('plain file needs no password')
    expect(b.review.counts.duplicates).toBe(3)
    const added = await sessions.commit(b.token, store)
    expect(added).toHaveLength(4)
    expect(store.list()).toHaveLength(7)
  })

  it('unreadable files keep no session; unfinished ones expire and are wiped', async () => {
    let now = 0
    const sessions = new ImportSessions({ now: () => now, ttlMs: 1000, maxSessions: 2 })
    await expect(sessions.open(new TextEncoder().encode('hello'), {}, [])).rejects.toMatchObject({
      code: 'IMPORT_FORMAT'
    })
    expect(sessions.size).toBe(0)
    const s = await sessions.open(encrypted(), {}, [])
    expect(sessions.size).toBe(1)
    now = 1000
    await expect(sessions.unlock(s.token, 'test', [])).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(sessions.size).toBe(0)
    const t1 = await sessions.open(encrypted(), {}, [])
    await sessions.open(encrypted(), {}, [])
    await sessions.open(encrypted(), {}, [])
    expect(sessions.size).toBe(2)
    expect(() => sessions.review(t1.token, [])).toThrow(/closed or timed out/)
  })
})
