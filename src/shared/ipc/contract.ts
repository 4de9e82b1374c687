/**
 * The machinery of the IPC contract: how a channel is declared, and the types main, preload,
 * renderer and the e2e harness derive from the declarations. Pure TypeScript (no zod runtime
 * import here; the domain files bring their schemas).
 */
import type { z } from 'zod'
import type { ErrorShape, Result } from '../errors'

/**
 * One request/response channel: the schema main parses the renderer's input with, and (as a
 * type only) what the handler resolves to. Declare with `channel<Output>()(inputSchema)`.
 */
export interface ChannelSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I
  /** Phantom: never set at run time, carries the output type. */
  readonly output?: O
  /**
   * Main answers this channel while the vault is locked. Every other channel answers
   * VAULT_LOCKED before its handler runs, so nothing reaches a service while the key is gone.
   * Mark a channel only when it touches no secret and the unlock screen (or Quick copy's Esc)
   * needs it.
   */
  readonly openWhileLocked: boolean
}

export interface ChannelOptions {
  /** See `ChannelSpec.openWhileLocked`; false when not given. */
  readonly openWhileLocked?: boolean
}

/**
 * Declares a channel. Curried so the output type is written and the input type is inferred:
 * `channel<AccountView[]>()(z.undefined())`, or with options
 * `channel<VaultStatusView>({ openWhileLocked: true })(z.undefined())`.
 */
export function channel<O>(options: ChannelOptions = {}) {
  const openWhileLocked = options.openWhileLocked === true
  return <I extends z.ZodType>(input: I): ChannelSpec<I, O> => ({ input, openWhileLocked })
}

/** The names of the channels in `map` that main answers while the vault is locked. */
export function channelsOpenWhileLocked(map: ChannelMap): ReadonlySet<string> {
  return new Set(Object.keys(map).filter((name) => map[name as ChannelName]?.openWhileLocked))
}

/** Main→renderer events: name → payload type. Declare with `event<Payload>()`. */
export interface EventSpec<P = unknown> {
  /** Phantom: never set at run time, carries the payload type. */
  readonly payload?: P
}

export function event<P>(): EventSpec<P> {
  return {}
}

/** Channel names are `domain:method`; the API groups them as `api.domain.method(input)`. */
export type ChannelName = `${string}:${string}`
export type ChannelMap = Record<ChannelName, ChannelSpec>
export type EventMap = Record<ChannelName, EventSpec>

export type InputOfSpec<S> = S extends ChannelSpec<infer I, unknown> ? z.input<I> : never
export type ParsedInputOfSpec<S> = S extends ChannelSpec<infer I, unknown> ? z.output<I> : never
export type OutputOfSpec<S> = S extends ChannelSpec<z.ZodType, infer O> ? O : never
export type PayloadOfSpec<S> = S extends EventSpec<infer P> ? P : never

/** A method of the renderer API: no argument when the channel takes none. */
export type ApiMethod<S> = [InputOfSpec<S>] extends [undefined]
  ? () => Promise<Result<OutputOfSpec<S>>>
  : (input: InputOfSpec<S>) => Promise<Result<OutputOfSpec<S>>>

type DomainOf<K> = K extends `${infer D}:${string}` ? D : never

export type EventListener<P> = (payload: P) => void

/** Subscribes to one main→renderer event; returns the function that unsubscribes. */
export type Subscribe<E extends EventMap> = <N extends keyof E & string>(
  event: N,
  listener: EventListener<PayloadOfSpec<E[N]>>
) => () => void

/** The shape of `window.tessera`, derived from the contract. */
export type ApiOf<C extends ChannelMap, E extends EventMap> = {
  readonly [D in DomainOf<keyof C>]: {
    readonly [K in keyof C as K extends `${D}:${infer M}` ? M : never]: ApiMethod<C[K]>
  }
} & { readonly on: Subscribe<E> }

/** How a transport carries calls and events; the preload and the e2e harness each provide one. */
export interface Transport {
  invoke(channel: string, input: unknown): Promise<unknown>
  subscribe(event: string, listener: (payload: unknown) => void): () => void
}

const TRANSPORT_FAILED: ErrorShape = {
  code: 'INTERNAL',
  message:
    'Tessera could not reach its main process. Restart the app; if it keeps happening, reinstall it.'
}

function isResultShape(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false
  const ok = (value as { ok?: unknown }).ok
  return ok === true || ok === false
}

/**
 * Builds the renderer API (`window.tessera`) from the contract over a transport. Used by the
 * preload (over ipcRenderer) and by the e2e harness (over a Playwright binding), so both expose
 * the same named functions. Every method resolves to a Result and never rejects. It needs only
 * the names, so the preload can build it without the schemas (and without zod).
 */
export function buildApi<C extends ChannelMap, E extends EventMap>(
  channelNames: readonly string[],
  eventNames: readonly string[],
  transport: Transport
): ApiOf<C, E> {
  const domains: Record<string, Record<string, (input?: unknown) => Promise<Result<unknown>>>> = {}
  for (const name of channelNames) {
    const sep = name.indexOf(':')
    const domain = name.slice(0, sep)
    const method = name.slice(sep + 1)
    if (domain === 'on') throw new Error(`IPC channel ${name}: the domain "on" is reserved`)
    const group = (domains[domain] ??= {})
    group[method] = async (input?: unknown) => {
      try {
        const result = await transport.invoke(name, input)
        return isResultShape(result) ? result : { ok: false, error: TRANSPORT_FAILED }
      } catch {
        return { ok: false, error: TRANSPORT_FAILED }
      }
    }
  }
  const known = new Set(eventNames)
  const on = (name: string, listener: (payload: unknown) => void): (() => void) => {
    if (!known.has(name)) throw new Error(`Unknown Tessera event "${name}"`)
    if (typeof listener !== 'function')
      throw new Error('A Tessera event listener must be a function')
    return transport.subscribe(name, (payload) => listener(payload))
  }
  const api: Record<string, unknown> = { on }
  for (const [domain, methods] of Object.entries(domains)) api[domain] = Object.freeze(methods)
  return Object.freeze(api) as ApiOf<C, E>
}
