import { describe, expect, it } from 'vitest'
import { requestJson, type FetchLike } from '../../../src/main/core/enroll/http'
import { httpError, parseRetryAfter } from '../../../src/main/core/enroll/http-errors'

const NOW = Date.UTC(2027, 0, 15, 8, 0, 0)

describe('HTTP errors become distinct codes', () => {
  it.each([
    [
      'answer',
      400,
      '{"why":"Invalid verification code","errorCode":"INVALID_CODE","attemptsLeft":2}',
      'WRONG_CODE'
    ],
    ['answer', 400, '{}', 'WRONG_CODE'],
    ['answer', 401, '', 'WRONG_CODE'],
    ['answer', 401, '{"why":"Unauthorized","errorCode":"UNAUTHORIZED"}', 'WRONG_CODE'],
    ['confirm', 401, '', 'TOKEN_EXPIRED'],
    ['answer', 404, '{"why":"Unknown challenge"}', 'CHALLENGE_EXPIRED'],
    ['answer', 410, '', 'CHALLENGE_EXPIRED'],
    [
      'confirm',
      400,
      '{"error":"No TOTP setup in progress","code":"NO_SETUP"}',
      'CHALLENGE_EXPIRED'
    ],
    ['create', 409, '{"why":"2FA is already connected"}', 'ALREADY_ENROLLED'],
    ['status', 401, '{"why":"Unauthorized"}', 'TOKEN_EXPIRED'],
    ['create', 403, '', 'LOCKED_OUT'],
    ['answer', 423, '{"why":"locked"}', 'LOCKED_OUT'],
    ['status', 429, '', 'RATE_LIMITED'],
    ['status', 500, '', 'SERVER_ERROR'],
    ['answer', 503, '{"why":"Maintenance"}', 'SERVER_ERROR'],
    ['disable', 403, '{"error":"Invalid password","code":"INVALID_PASSWORD"}', 'SERVER_REJECTED'],
    ['status', 418, '', 'SERVER_REJECTED']
  ] as const)('%s %i %s → %s', (op, status, body, code) => {
    const e = httpError(op, status, body, null, NOW)
    expect(e.code).toBe(code)
    expect(e.details?.status).toBe(status)
    expect(e.message.length).toBeGreaterThan(20)
  })

  it.each([
    ['answer', 'CLOCK_SKEW', 'WRONG_CODE'],
    ['answer', 'ACCOUNT_LOCKED', 'LOCKED_OUT'],
    ['create', 'accountLocked', 'LOCKED_OUT'],
    ['create', 'LOCKOUT', 'LOCKED_OUT'],
    ['create', 'GENERATE_FAILED', 'SERVER_REJECTED'],
    ['create', 'rateLimited', 'RATE_LIMITED'],
    ['create', 'TOO_MANY_REQUESTS', 'RATE_LIMITED']
  ] as const)(
    'a 400 to %s with errorCode %s is %s (whole words, not substrings)',
    (op, ec, code) => {
      expect(httpError(op, 400, JSON.stringify({ errorCode: ec }), null, NOW).code).toBe(code)
    }
  )

  it('carries the attempts left and says them', () => {
    const e = httpError('answer', 400, '{"errorCode":"INVALID_CODE","attemptsLeft":2}', null, NOW)
    expect(e.details?.attemptsLeft).toBe(2)
    expect(e.message).toMatch(/2 attempts left/)
  })

  it('a wrong server password says so', () => {
    const e = httpError('disable', 400, '', null, NOW)
    expect(e.details?.reason).toBe('wrong-password')
    expect(e.message).toMatch(/password/)
  })

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120)
    expect(parseRetryAfter(new Date(NOW + 45_000).toUTCString(), NOW)).toBe(45)
    expect(parseRetryAfter(new Date(NOW - 45_000).toUTCString(), NOW)).toBe(0)
    expect(parseRetryAfter('soon', NOW)).toBeUndefined()
    expect(parseRetryAfter(null, NOW)).toBeUndefined()
    expect(httpError('status', 429, '', '30', NOW).details?.retryAfter).toBe(30)
  })

  it('a server echoing the token, code or password does not get them into the error', async () => {
    const echo: FetchLike = async (_url, init) =>
      new Response(
        JSON.stringify({ why: `bad request ${String(init.body)} ${JSON.stringify(init.headers)}` }),
        {
          status: 400
        }
      )
    const err = await requestJson(
      {
        baseUrl: 'https://s.example',
        path: '/api/user/two-factor',
        method: 'DELETE',
        op: 'disable',
        token: 'tok-abcdef',
        body: { password: 'hunter2-pw' }
      },
      { fetch: echo }
    ).then(
      () => undefined,
      (e: unknown) => e as { details?: Record<string, unknown>; message: string }
    )
    expect(err).toBeDefined()
    const text = JSON.stringify(err?.details) + (err?.message ?? '')
    expect(text).toContain('[redacted]')
    expect(text).not.toContain('tok-abcdef')
    expect(text).not.toContain('hunter2-pw')
  })

  it('keeps control characters out of the server message', () => {
    const e = httpError('status', 500, '{"why":"bad\\u001b[31m thing"}', null, NOW)
    expect(e.details?.serverMessage).toBe('bad [31m thing')
  })
})

describe('requestJson', () => {
  const reply =
    (status: number, body: string, headers: Record<string, string> = {}): FetchLike =>
    async () =>
      new Response(body, { status, headers })

  it('reports the server clock difference from the Date header', async () => {
    const skews: number[] = []
    await requestJson(
      { baseUrl: 'http://127.0.0.1:1', path: '/x', method: 'GET', op: 'status' },
      {
        fetch: reply(200, '{}', { date: new Date(NOW + 90_000).toUTCString() }),
        now: () => NOW,
        onClock: (s) => skews.push(s)
      }
    )
    expect(skews).toEqual([90_000])
  })

  it('a 2xx that is not JSON is MALFORMED_RESPONSE; an empty 2xx is fine', async () => {
    const req = { baseUrl: 'http://127.0.0.1:1', path: '/x', method: 'GET', op: 'status' } as const
    await expect(requestJson(req, { fetch: reply(200, '<html>') })).rejects.toMatchObject({
      code: 'MALFORMED_RESPONSE'
    })
    await expect(
      requestJson(req, { fetch: async () => new Response(null, { status: 204 }) })
    ).resolves.toEqual({
      status: 204,
      body: undefined
    })
    await expect(requestJson(req, { fetch: reply(200, '') })).resolves.toEqual({
      status: 200,
      body: undefined
    })
  })

  it('sends the bearer token and JSON body, and nothing else secret in the URL', async () => {
    let seen: { url: string; init: RequestInit } | undefined
    const fetch: FetchLike = async (url, init) => {
      seen = { url, init }
      return new Response('{}', { status: 200 })
    }
    await requestJson(
      {
        baseUrl: 'https://s.example',
        path: '/auth/2fa',
        method: 'POST',
        op: 'create',
        token: 'tk',
        body: { a: 1 }
      },
      { fetch }
    )
    expect(seen?.url).toBe('https://s.example/auth/2fa')
    expect((seen?.init.headers as Record<string, string>).authorization).toBe('Bearer tk')
    expect(seen?.init.body).toBe('{"a":1}')
  })

  it('a refused connection is NETWORK, not sent', async () => {
    const fetch: FetchLike = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
      })
    }
    await expect(
      requestJson(
        { baseUrl: 'http://127.0.0.1:1', path: '/', method: 'GET', op: 'status' },
        { fetch }
      )
    ).rejects.toMatchObject({ code: 'NETWORK', details: { delivery: 'not-sent' } })
  })

  it('a reset connection is NETWORK, maybe delivered', async () => {
    const fetch: FetchLike = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })
      })
    }
    await expect(
      requestJson(
        { baseUrl: 'http://127.0.0.1:1', path: '/', method: 'GET', op: 'status' },
        { fetch }
      )
    ).rejects.toMatchObject({ code: 'NETWORK', details: { delivery: 'maybe' } })
  })

  it('an aborted signal is CANCELLED', async () => {
    const c = new AbortController()
    c.abort()
    await expect(
      requestJson(
        { baseUrl: 'http://127.0.0.1:1', path: '/', method: 'GET', op: 'status' },
        { fetch: reply(200, '{}'), signal: c.signal }
      )
    ).rejects.toMatchObject({ code: 'CANCELLED' })
  })
})

describe('the token only goes where the profile says', () => {
  it('a redirect is not followed: SERVER_REJECTED naming the redirect', async () => {
    let calls = 0
    const fetch: FetchLike = async (_url, init) => {
      calls++
      expect(init.redirect).toBe('manual')
      return new Response(null, { status: 302, headers: { location: 'http://evil.example/' } })
    }
    await expect(
      requestJson(
        { baseUrl: 'https://s.example', path: '/x', method: 'GET', op: 'status', token: 't' },
        { fetch }
      )
    ).rejects.toMatchObject({
      code: 'SERVER_REJECTED',
      details: { status: 302, reason: 'redirect' }
    })
    expect(calls).toBe(1)
  })

  it('a client for a plain-http non-loopback profile is refused with INSECURE_URL', async () => {
    const { clientFor } = await import('../../../src/main/core/enroll/clients')
    expect(() =>
      clientFor({ type: 'ucloud', baseUrl: 'http://cloud.example', token: 't' })
    ).toThrow(expect.objectContaining({ code: 'INSECURE_URL' }))
  })
})

describe('a server that floods or drips is bounded', () => {
  const req = { baseUrl: 'http://127.0.0.1:1', path: '/x', method: 'GET', op: 'status' } as const

  /** A 2xx body of valid JSON, `mb` megabytes, handed out 64 KB at a time; counts what was pulled. */
  function flood(mb: number): { fetch: FetchLike; pulled: () => number } {
    const chunk = new TextEncoder().encode('a'.repeat(65_536))
    const chunks = (mb * 1024 * 1024) / chunk.length
    let pulled = 0
    const fetch: FetchLike = async () => {
      let i = 0
      const body = new ReadableStream<Uint8Array>({
        pull(c) {
          pulled++
          if (i === 0) c.enqueue(new TextEncoder().encode('{"connected":true,"pad":"'))
          if (i++ < chunks) c.enqueue(chunk)
          else {
            c.enqueue(new TextEncoder().encode('"}'))
            c.close()
          }
        }
      })
      return new Response(body, { status: 200 })
    }
    return { fetch, pulled: () => pulled }
  }

  it('a reply over 1 MB is MALFORMED_RESPONSE (too large), and the rest is never read', async () => {
    const f = flood(64)
    await expect(requestJson(req, { fetch: f.fetch })).rejects.toMatchObject({
      code: 'MALFORMED_RESPONSE',
      details: { reason: 'too-large', status: 200 }
    })
    expect(f.pulled()).toBeLessThan(40)
  })

  it('a reply that declares a huge Content-Length is refused before reading it', async () => {
    let pulled = 0
    const fetch: FetchLike = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(c) {
            if (++pulled > 8192) c.close()
            else c.enqueue(new Uint8Array(1024))
          }
        }),
        { status: 200, headers: { 'content-length': String(5 * 1024 ** 3) } }
      )
    await expect(requestJson(req, { fetch })).rejects.toMatchObject({
      details: { reason: 'too-large' }
    })
    expect(pulled).toBeLessThanOrEqual(1)
  })

  it('a small reply still reads whole', async () => {
    await expect(requestJson(req, { fetch: flood(0.5).fetch })).resolves.toMatchObject({
      status: 200,
      body: { connected: true }
    })
  })

  it('a body dripping forever ends at the timeout (TIMEOUT), even if the stream ignores aborts', async () => {
    const fetch: FetchLike = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          async pull(c) {
            await new Promise((r) => setTimeout(r, 20))
            c.enqueue(new TextEncoder().encode(' '))
          }
        }),
        { status: 200 }
      )
    await expect(requestJson(req, { fetch, timeoutMs: 200 })).rejects.toMatchObject({
      code: 'TIMEOUT',
      details: { delivery: 'maybe' }
    })
  })

  it('a Retry-After of years is honoured as at most a day', () => {
    expect(parseRetryAfter('99999999999999999999999', NOW)).toBe(86_400)
    expect(parseRetryAfter(new Date(NOW + 400 * 86_400_000).toUTCString(), NOW)).toBe(86_400)
    const e = httpError('status', 429, '', '1'.repeat(400), NOW)
    expect(e.message).toMatch(/Wait 86400 seconds/)
  })
})

describe('credentials a hostile server hands out are bounded', () => {
  it('a megabyte-sized challenge id or secret is MALFORMED_RESPONSE, not stored', async () => {
    const { UCloudClient, VantageClient } = await import('../../../src/main/core/enroll/clients')
    const profile = { baseUrl: 'http://127.0.0.1:1', token: 't' }
    const uri = 'otpauth://totp/S:u?secret=JBSWY3DPEHPK3PXP&issuer=S'
    const replying =
      (body: unknown): FetchLike =>
      async () =>
        new Response(JSON.stringify(body), { status: 200 })
    const big = 'x'.repeat(600_000)
    const uc = (body: unknown) => new UCloudClient(profile, { fetch: replying(body) }).create()
    await expect(
      uc({ otpAuthUri: uri, secret: 'JBSWY3DPEHPK3PXP', challengeId: big })
    ).rejects.toMatchObject({ code: 'MALFORMED_RESPONSE' })
    await expect(uc({ otpAuthUri: uri, secret: big, challengeId: 'c1' })).rejects.toMatchObject({
      code: 'MALFORMED_RESPONSE'
    })
    await expect(
      uc({ otpAuthUri: uri, secret: 'JBSWY3DPEHPK3PXP', challengeId: 'c1' })
    ).resolves.toMatchObject({ challengeId: 'c1' })
    const va = new VantageClient(profile, {
      fetch: replying({ secret: 'JBSWY3DPEHPK3PXP', otpauthUrl: `${uri}&x=${big}` })
    })
    await expect(va.create()).rejects.toMatchObject({ code: 'MALFORMED_RESPONSE' })
  })
})

describe('issue 14 (low): NODE_TLS_REJECT_UNAUTHORIZED=0 never gets the token sent', () => {
  it('refuses with TLS before fetching, over https only; nothing of the token in the message', async () => {
    const calls: string[] = []
    const fetch: FetchLike = async (input) => {
      calls.push(String(input))
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } })
    }
    const req = {
      baseUrl: 'https://2fa.example.com',
      path: '/api/user/two-factor',
      method: 'GET' as const,
      op: 'status' as const,
      token: 'tok-SECRET-123456'
    }
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'
    try {
      const err = await requestJson(req, { fetch }).then(
        () => null,
        (e: unknown) => e as { code: string; message: string; details?: Record<string, unknown> }
      )
      expect(err?.code).toBe('TLS')
      expect(err?.message).toMatch(/NODE_TLS_REJECT_UNAUTHORIZED/)
      expect(err?.message).not.toContain('tok-SECRET')
      expect(err?.details?.delivery).toBe('not-sent')
      expect(calls).toEqual([])
      // plain http (the local reference servers) is not about certificates: it still goes
      await requestJson({ ...req, baseUrl: 'http://127.0.0.1:1' }, { fetch })
      expect(calls).toHaveLength(1)
    } finally {
      if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before
    }
    // with checks on, the same https request is sent
    await requestJson(req, { fetch })
    expect(calls).toHaveLength(2)
  })
})
