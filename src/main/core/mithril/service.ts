/**
 * Mithril over server profiles: one sign-in (or phone change) per profile at a time, the wrong-
 * code ledger in the vault, the access token written to the profile, the grant path learned once
 * and kept. The app's handlers and the CLI both use this; neither sees a token.
 */
import { AppError } from '../../../shared/errors'
import type { HttpOptions } from '../enroll/http'
import type { ServerProfile } from '../servers/model'
import type { ServerStore } from '../servers/store'
import { MithrilClient } from './client'
import { mithrilAccountKey, type SignInStateStore } from './ledger'
import { MithrilSignIn, type AttemptLedger, type SignInView } from './sign-in'

/** A sign-in as the screen and the CLI see it: no token, no code. */
export interface MithrilSessionView extends SignInView {
  serverId: string
  server: string
  /** Seconds until a new code may be asked for (0: now). */
  resendInSeconds: number
}

export interface MithrilServiceDeps {
  servers: ServerStore
  ledger: AttemptLedger
  /** Where unfinished sign-ins are kept between processes (the CLI); memory only without. */
  sessions?: SignInStateStore
  http?: Pick<HttpOptions, 'fetch' | 'timeoutMs'>
  now?: () => number
}

interface Live {
  session: MithrilSignIn
  client: MithrilClient
}

export class MithrilService {
  private readonly live = new Map<string, Live>()

  constructor(private readonly deps: MithrilServiceDeps) {}

  private now(): number {
    return (this.deps.now ?? Date.now)()
  }

  private profile(
    serverId: string
  ): ServerProfile & { mithril: NonNullable<ServerProfile['mithril']> } {
    const p = this.deps.servers.get(serverId)
    if (!p) {
      throw new AppError(
        'NOT_FOUND',
        'That server profile no longer exists. Refresh the list of servers.'
      )
    }
    if (p.type !== 'mithril' || !p.mithril) {
      throw new AppError(
        'UNSUPPORTED',
        `"${p.name}" is not a Mithril server: SMS sign-in and phone change are for Mithril servers only.`
      )
    }
    return p as ServerProfile & { mithril: NonNullable<ServerProfile['mithril']> }
  }

  private open(p: ReturnType<MithrilService['profile']>): Live {
    const client = new MithrilClient(
      p.baseUrl,
      { now: () => this.now(), ...(this.deps.http ?? {}) },
      p.mithril.grantPath ? { grantPath: p.mithril.grantPath } : {}
    )
    const session = new MithrilSignIn({
      client,
      account: mithrilAccountKey(p.baseUrl, p.mithril.email),
      ledger: this.deps.ledger,
      now: () => this.now(),
      vault: {
        saveAccessToken: async (token) => {
          await this.deps.servers.update(p.id, { token })
        }
      }
    })
    const l = { session, client }
    this.live.set(p.id, l)
    return l
  }

  private current(serverId: string): Live {
    const p = this.profile(serverId)
    let l = this.live.get(p.id)
    const kept = l ? undefined : this.deps.sessions?.load(p.id)
    if (!l && kept) {
      l = this.open(p)
      l.session.restore(kept)
    }
    if (!l) {
      throw new AppError(
        'INVALID_INPUT',
        `Sign in to "${p.name}" first; there is no code to type now.`
      )
    }
    return l
  }

  private async learnPath(
    p: ReturnType<MithrilService['profile']>,
    client: MithrilClient
  ): Promise<void> {
    const learned = client.grantPath()
    if (learned && learned !== p.mithril.grantPath) {
      await this.deps.servers.update(p.id, { mithril: { grantPath: learned } })
    }
  }

  private view(serverId: string, l: Live): MithrilSessionView {
    const p = this.deps.servers.get(serverId)
    return {
      ...l.session.view(),
      serverId,
      server: p?.name ?? '',
      resendInSeconds: l.session.resendInSeconds()
    }
  }

  /** The sign-in in progress with a profile, or null. */
  state(serverId: string): MithrilSessionView | null {
    let l = this.live.get(serverId)
    if (!l && this.deps.sessions?.load(serverId)) l = this.current(serverId)
    return l ? this.view(serverId, l) : null
  }

  /**
   * Signs in with the profile's email and this password (never stored). An earlier unfinished
   * sign-in with the profile is dropped: the server keeps only the newest 2FA token anyway.
   */
  async signIn(serverId: string, password: string): Promise<MithrilSessionView> {
    const p = this.profile(serverId)
    if (password.length === 0) {
      throw new AppError('INVALID_INPUT', 'Type the password of your account on the server.')
    }
    const l = this.open(p)
    try {
      await l.session.start({
        email: p.mithril.email,
        password,
        clientId: p.mithril.clientId,
        scope: p.mithril.scope
      })
    } catch (e) {
      this.live.delete(p.id)
      await this.deps.sessions?.save(p.id, undefined)
      throw e
    } finally {
      await this.learnPath(p, l.client)
    }
    return this.settle(p.id, l)
  }

  private async settle(serverId: string, l: Live): Promise<MithrilSessionView> {
    const v = this.view(serverId, l)
    const over = v.step === 'done' || v.step === 'restart'
    if (over) this.live.delete(serverId)
    await this.deps.sessions?.save(serverId, over ? undefined : l.session.snapshot())
    return v
  }

  private async step(
    serverId: string,
    fn: (l: Live) => Promise<unknown>
  ): Promise<MithrilSessionView> {
    const l = this.current(serverId)
    try {
      await fn(l)
    } catch (e) {
      // Kept either way: a resend that was refused or a wrong code changed the state too.
      await this.settle(serverId, l)
      throw e
    } finally {
      await this.learnPath(this.profile(serverId), l.client)
    }
    return this.settle(serverId, l)
  }

  /** Sends the SMS code (see {@link MithrilSignIn.submit} for what is refused unsent). */
  submit(
    serverId: string,
    code: string,
    opts: { confirmLastAttempt?: boolean } = {}
  ): Promise<MithrilSessionView> {
    return this.step(serverId, (l) => l.session.submit(code, opts))
  }

  /** Asks for a new SMS (throttled; the new token replaces the old). */
  resend(serverId: string): Promise<MithrilSessionView> {
    return this.step(serverId, (l) => l.session.resend())
  }

  /**
   * Sets the phone: the first one, in a sign-in that asked for it (REQUEST_FACTOR), or a new one
   * with the stored access token. The server expires the token it is called with, so the stored
   * one is cleared as soon as the server took the new number; the code that confirms it brings
   * a new one.
   */
  async setPhone(serverId: string, phone: string): Promise<MithrilSessionView> {
    const p = this.profile(serverId)
    const l = this.live.get(p.id)
    if (l && l.session.view().step === 'factor') {
      return this.step(serverId, (x) => x.session.setPhone(phone))
    }
    if (p.token === '') {
      throw new AppError(
        'INVALID_INPUT',
        `Sign in to "${p.name}" first, then change the phone number.`
      )
    }
    const fresh = this.open(p)
    try {
      await fresh.session.setPhone(phone, p.token)
    } catch (e) {
      this.live.delete(p.id)
      await this.deps.sessions?.save(p.id, undefined)
      if (e instanceof AppError && e.code === 'TOKEN_EXPIRED')
        await this.deps.servers.update(p.id, { token: '' })
      throw e
    }
    // Only after the server has taken the number: a refused number left the token alive.
    await this.deps.servers.update(p.id, { token: '' })
    return this.settle(p.id, fresh)
  }

  /** Forgets an unfinished sign-in (its 2FA token with it). */
  async cancel(serverId: string): Promise<void> {
    this.live.delete(serverId)
    await this.deps.sessions?.save(serverId, undefined)
  }

  /** Forgets the stored access token of a profile. */
  async signOut(serverId: string): Promise<void> {
    const p = this.profile(serverId)
    await this.cancel(p.id)
    await this.deps.servers.update(p.id, { token: '' })
  }
}
