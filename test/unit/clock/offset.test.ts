import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { parseHttpDate } from '../../../src/main/core/clock/http-date'
import { checkTimeUrl, sampleClock } from '../../../src/main/core/clock/measure'
import { estimateClockOffset, type DateSample } from '../../../src/main/core/clock/offset'
import { describeOffset, formatDuration, offsetMakesCodesWrong } from '../../../src/shared/clock'

const T = Date.UTC(2025, 5, 3, 10, 0, 0) // a Tuesday

describe('parseHttpDate (RFC 9110 forms only)', () => {
  it.each([
    ['Tue, 03 Jun 2025 10:00:00 GMT', T],
    ['Tuesday, 03-Jun-25 10:00:00 GMT', T],
    ['Tue Jun  3 10:00:00 2025', T],
    ['Sun, 06 Nov 1994 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 37)]
  ])('reads %j', (text, ms) => expect(parseHttpDate(text, T)).toBe(ms))

  it.each([
    'yesterday',
    '1748944800',
    '2025-06-03T10:00:00Z',
    'Tue, 03 Jun 2025 10:00:00 +0200',
    'Tue, 03 Jun 2025 10:00:00',
    'Mon, 03 Jun 2025 10:00:00 GMT', // wrong weekday
    'Tue, 31 Feb 2025 10:00:00 GMT',
    'Tue, 03 Jun 2025 25:00:00 GMT',
    'Tue, 03 Juno 2025 10:00:00 GMT',
    ''
  ])('refuses %j', (text) => expect(parseHttpDate(text, T)).toBeNull())
})

function sample(
  source: string,
  serverMs: number | string | null,
  rtt = 100,
  error?: string
): DateSample {
  // The request leaves at T (local), the reply comes back rtt later; the server stamped its
  // Date in the middle of the exchange, rounded down to the second as servers do.
  const date =
    typeof serverMs === 'number'
      ? new Date(Math.floor(serverMs / 1000) * 1000).toUTCString()
      : serverMs
  return {
    source,
    kind: 'server',
    sentAt: T,
    receivedAt: T + rtt,
    date,
    ...(error ? { error } : {})
  }
}

describe('estimateClockOffset', () => {
  it('the median of several servers: this clock is 47 s fast', () => {
    const mid = T + 50
    const r = estimateClockOffset([
      sample('a', mid - 47_000),
      sample('b', mid - 46_400),
      sample('c', mid - 47_700),
      sample('d', mid - 47_100)
    ])
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(Math.abs(r.offsetMs + 47_000)).toBeLessThanOrEqual(1_000)
    expect(r.used).toBe(4)
    expect(describeOffset(r.offsetMs)).toBe('Your clock is 47 s fast.')
    expect(r.samples.every((s) => s.used)).toBe(true)
  })

  it('a server minutes away from the others is left out, with the reason', () => {
    const mid = T + 50
    const r = estimateClockOffset([
      sample('good 1', mid + 3_000),
      sample('good 2', mid + 3_200),
      sample('stale proxy', mid - 4 * 60_000)
    ])
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(Math.round(r.offsetMs / 1000)).toBe(3)
    const stale = r.samples.find((s) => s.source === 'stale proxy')
    expect(stale).toMatchObject({ used: false })
    expect(stale?.reason).toMatch(
      /^Its clock is 4 min( \d+ s)? behind the other servers, so it was left out\.$/
    )
  })

  it('garbage Dates are left out, each with its own reason; the rest still answer', () => {
    const mid = T + 50
    const r = estimateClockOffset([
      sample('good', mid + 10_000),
      sample('no header', null),
      sample('nonsense', 'soon\u0007'),
      sample('epoch', 'Thu, 01 Jan 1970 00:00:00 GMT'),
      sample('slow', mid + 10_000, 20_000),
      sample('down', null, 5, 'It refused the connection.')
    ])
    expect(r.ok).toBe(true)
    const reasons = Object.fromEntries(r.samples.map((s) => [s.source, s.reason ?? 'used']))
    expect(reasons).toEqual({
      good: 'used',
      'no header': 'It sent no Date header, so it cannot tell the time.',
      nonsense: 'Its Date header (“soon?”) is not a valid HTTP date.',
      epoch: 'Its Date header says 1970-01-01, which cannot be right.',
      slow: 'It took 20 s to answer, too slow to tell the time to the second.',
      down: 'It refused the connection.'
    })
  })

  it('two servers that disagree by minutes: no answer, and it says why', () => {
    const r = estimateClockOffset([sample('a', T), sample('b', T + 5 * 60_000)])
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toMatch(/disagree about the time/)
  })

  it('nothing usable, or nothing to ask: says what to do', () => {
    const none = estimateClockOffset([])
    expect(none.ok).toBe(false)
    if (!none.ok) expect(none.message).toMatch(/add a server, or allow a time check address/)
    const bad = estimateClockOffset([sample('x', 'garbage')])
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.message).toMatch(/No server gave a time Tessera can use/)
  })

  it('a right clock is "right", and the warning starts past 15 s', () => {
    expect(describeOffset(400)).toBe('Your clock is right (within a second).')
    expect(describeOffset(3 * 60_000 + 12_000)).toBe('Your clock is 3 min 12 s slow.')
    expect(offsetMakesCodesWrong(15_000)).toBe(false)
    expect(offsetMakesCodesWrong(-15_001)).toBe(true)
    expect(formatDuration(2 * 3600_000 + 5 * 60_000)).toBe('2 h 5 min')
  })
})

describe('sampleClock over HTTP (127.0.0.1)', () => {
  const servers: Server[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
  })

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const server = createServer(handler)
    servers.push(server)
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`
  }

  it('asks with HEAD, sends no token or cookie, follows no redirect, and reads the Date', async () => {
    const seen: { method?: string; headers: Record<string, unknown> }[] = []
    const skewed = await serve((req, res) => {
      seen.push({ method: req.method, headers: req.headers })
      res.writeHead(302, {
        Location: 'http://127.0.0.1:1/elsewhere',
        Date: new Date(Date.now() + 47_000).toUTCString()
      })
      res.end()
    })
    const [s] = await sampleClock([{ name: 'UCloud', url: skewed, kind: 'server' }])
    expect(seen).toHaveLength(1)
    expect(seen[0]?.method).toBe('HEAD')
    expect(seen[0]?.headers['authorization']).toBeUndefined()
    expect(seen[0]?.headers['cookie']).toBeUndefined()
    expect(s?.error).toBeUndefined()
    const r = estimateClockOffset(s ? [s] : [])
    expect(r.ok && Math.round(r.offsetMs / 1000)).toBeGreaterThanOrEqual(46)
    expect(r.ok && Math.round(r.offsetMs / 1000)).toBeLessThanOrEqual(48)
  })

  it('a server that never answers times out with a reason; a closed port is refused', async () => {
    const silent = await serve(() => undefined)
    const closed = await serve((_req, res) => res.end())
    await new Promise((r) => servers.pop()?.close(r))
    const samples = await sampleClock(
      [
        { name: 'silent', url: silent, kind: 'server' },
        { name: 'closed', url: closed, kind: 'time-url' }
      ],
      { timeoutMs: 300 }
    )
    expect(samples.map((s) => s.error)).toEqual([
      'It did not answer in time.',
      'It refused the connection.'
    ])
  })

  it('checkTimeUrl: https, or http to this machine only', () => {
    expect(checkTimeUrl('https://time.example.org/')).toEqual({
      ok: true,
      url: 'https://time.example.org/'
    })
    expect(checkTimeUrl('http://127.0.0.1:8080/now').ok).toBe(true)
    const plain = checkTimeUrl('http://time.example.org/')
    expect(plain.ok).toBe(false)
    if (!plain.ok) expect(plain.message).toMatch(/https:\/\/ address/)
    expect(checkTimeUrl('not a url').ok).toBe(false)
    expect(checkTimeUrl('https://user:pw@time.example.org/').ok).toBe(false)
  })
})
