import type { Clipboard } from 'electron'
import { describe, expect, it } from 'vitest'
import { createAutoClearingClipboard, type Timers } from '../../../src/main/app/clipboard'

function fakes() {
  let text = ''
  const clipboard: Pick<Clipboard, 'writeText' | 'readText' | 'clear'> = {
    writeText: async (t: string) => void (text = t),
    readText: async () => text,
    clear: () => void (text = '')
  }
  const timers: { fn: () => void; ms: number; cancelled: boolean }[] = []
  const fakeTimers: Timers = {
    setTimeout: (fn, ms) => {
      const t = { fn, ms, cancelled: false }
      timers.push(t)
      return t
    },
    clearTimeout: (handle) => void ((handle as { cancelled: boolean }).cancelled = true)
  }
  const fire = async () => {
    timers.filter((t) => !t.cancelled).forEach((t) => t.fn())
    await new Promise((resolve) => setImmediate(resolve))
  }
  return { clipboard, timers, fakeTimers, fire, read: () => text, set: (t: string) => (text = t) }
}

describe('createAutoClearingClipboard', () => {
  it('writes the code and clears it after the delay', async () => {
    const f = fakes()
    const port = createAutoClearingClipboard(f.clipboard, 30_000, f.fakeTimers)
    expect(await port.copy('123456')).toEqual({ clearsAfterMs: 30_000 })
    expect(f.read()).toBe('123456')
    expect(f.timers[0]?.ms).toBe(30_000)
    await f.fire()
    expect(f.read()).toBe('')
  })

  it('leaves the clipboard alone when the user copied something else meanwhile', async () => {
    const f = fakes()
    await createAutoClearingClipboard(f.clipboard, 30_000, f.fakeTimers).copy('123456')
    f.set('my own text')
    await f.fire()
    expect(f.read()).toBe('my own text')
  })

  it('restarts the delay when another code is copied', async () => {
    const f = fakes()
    const port = createAutoClearingClipboard(f.clipboard, 30_000, f.fakeTimers)
    await port.copy('111111')
    await port.copy('222222')
    expect(f.timers.map((t) => t.cancelled)).toEqual([true, false])
    await f.fire()
    expect(f.read()).toBe('')
  })

  it('uses the delay each copy names (the user’s setting), and never clears on a timer for 0', async () => {
    const f = fakes()
    const port = createAutoClearingClipboard(f.clipboard, 30_000, f.fakeTimers)
    expect(await port.copy('111111', 12_000)).toEqual({ clearsAfterMs: 12_000 })
    expect(f.timers.at(-1)?.ms).toBe(12_000)
    expect(await port.copy('222222', null)).toEqual({ clearsAfterMs: null })
    expect(f.timers.filter((t) => !t.cancelled)).toHaveLength(0)
    await f.fire()
    expect(f.read()).toBe('222222')
  })

  it('clears at once on lock or quit, but only if the clipboard still holds our code', async () => {
    const f = fakes()
    const port = createAutoClearingClipboard(f.clipboard, 30_000, f.fakeTimers)
    await port.copy('123456')
    await port.clearNow()
    expect(f.read()).toBe('')
    await port.copy('654321')
    f.set('the user’s own text')
    await port.clearNow()
    expect(f.read()).toBe('the user’s own text')
  })
})
