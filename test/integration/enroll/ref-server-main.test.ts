import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../../helpers/corpora'

let child: ChildProcess | undefined
afterAll(() => {
  child?.kill('SIGTERM')
})

/** Starts `tools/ref-server/main.ts` the way `npm run ref-server` does and reads its banner. */
function start(): Promise<{ url: string; token: string }> {
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, ['--import', 'tsx', 'tools/ref-server/main.ts'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    child.stdout!.setEncoding('utf8')
    child.stdout!.on('data', (c: string) => {
      out += c
      const url = /^URL:\s+(\S+)/m.exec(out)?.[1]
      const token = /^Token:\s+(\S+)/m.exec(out)?.[1]
      if (url && token) resolve({ url, token })
    })
    child.on('exit', (code) => reject(new Error(`ref server exited with ${code}: ${out}`)))
  })
}

describe('npm run ref-server', () => {
  it('prints a loopback URL and a token that work, and its control API switches faults', async () => {
    const { url, token } = await start()
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const auth = { authorization: `Bearer ${token}` }

    const st = await fetch(`${url}/auth/2fa/status`, { headers: auth })
    expect(st.status).toBe(200)
    expect(await st.json()).toEqual({ connected: false })
    expect((await fetch(`${url}/api/user/two-factor`, { headers: auth })).status).toBe(200)
    // The current (Go) UCloud server by default: no token is 403 Forbidden (the older one: 401).
    const anon = await fetch(`${url}/auth/2fa/status`)
    expect(anon.status).toBe(403)
    expect(await anon.json()).toEqual({
      statusCode: 403,
      why: 'Forbidden',
      errorCode: '',
      detailedCode: 0
    })

    const f = await fetch(`${url}/__control/faults`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ kind: 'status', route: 'ucloud.status', status: 503 })
    })
    expect(f.status).toBe(200)
    const bad = await fetch(`${url}/__control/faults`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ kind: 'explode', route: 'ucloud.status' })
    })
    expect(bad.status).toBe(400)
    expect((await fetch(`${url}/auth/2fa/status`, { headers: auth })).status).toBe(503)
    expect((await fetch(`${url}/auth/2fa/status`, { headers: auth })).status).toBe(200)

    await fetch(`${url}/__control/skew`, { method: 'POST', headers: auth, body: '{"ms":120000}' })
    const skewed = await fetch(`${url}/auth/2fa/status`, { headers: auth })
    expect(Date.parse(skewed.headers.get('date') ?? '') - Date.now()).toBeGreaterThan(100_000)

    const state = (await (await fetch(`${url}/__control/state`, { headers: auth })).json()) as {
      users: Array<{ ucloud: { connected: boolean } }>
    }
    expect(state.users[0]?.ucloud.connected).toBe(false)
    expect((await fetch(`${url}/__control/state`)).status).toBe(401)
  })
})
