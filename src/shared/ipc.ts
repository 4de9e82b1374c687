/**
 * THE IPC contract. Every channel main answers and every event main sends is declared once, in
 * the domain files under `./ipc/`, and merged here. Main (handlers and registration), the preload,
 * the renderer and the e2e harness all derive their types and channel lists from this module.
 *
 * To add a channel: write one entry in the domain's file (`channel<Output>()(inputSchema)`), or a
 * new domain file whose map is spread in below. The handler table in main then fails to type-check
 * until the channel has a handler, and `window.tessera.<domain>.<method>` appears by itself.
 */
import type { Result } from './errors'
import { accountsChannels, accountsEvents } from './ipc/accounts'
import { codesChannels, codesEvents } from './ipc/codes'
import { enrollChannels, enrollEvents } from './ipc/enroll'
import { exportChannels, exportEvents } from './ipc/export'
import { importChannels, importEvents } from './ipc/import'
import { quickCopyChannels, quickCopyEvents } from './ipc/quick-copy'
import { linksChannels, linksEvents } from './ipc/links'
import { policyChannels, policyEvents } from './ipc/policy'
import { clockChannels, clockEvents } from './ipc/clock'
import { desktopChannels, desktopEvents } from './ipc/desktop'
import { scanChannels, scanEvents } from './ipc/scan'
import { serversChannels, serversEvents } from './ipc/servers'
import { settingsChannels, settingsEvents } from './ipc/settings'
import { vaultChannels, vaultEvents } from './ipc/vault'
import { mithrilChannels, mithrilEvents } from './ipc/mithril'
import { barycenterChannels, barycenterEvents } from './ipc/barycenter'
import {
  buildApi,
  channelsOpenWhileLocked,
  type ApiOf,
  type InputOfSpec,
  type OutputOfSpec,
  type ParsedInputOfSpec,
  type PayloadOfSpec,
  type Transport
} from './ipc/contract'

export const channels = {
  ...accountsChannels,
  ...codesChannels,
  ...settingsChannels,
  ...vaultChannels,
  ...serversChannels,
  ...enrollChannels,
  ...importChannels,
  ...exportChannels,
  ...scanChannels,
  ...quickCopyChannels,
  ...linksChannels,
  ...policyChannels,
  ...clockChannels,
  ...mithrilChannels,
  ...barycenterChannels,
  ...desktopChannels
}

export const events = {
  ...accountsEvents,
  ...codesEvents,
  ...settingsEvents,
  ...vaultEvents,
  ...serversEvents,
  ...enrollEvents,
  ...importEvents,
  ...exportEvents,
  ...scanEvents,
  ...quickCopyEvents,
  ...linksEvents,
  ...policyEvents,
  ...clockEvents,
  ...mithrilEvents,
  ...barycenterEvents,
  ...desktopEvents
}

/** Every domain map merged above, so a test can prove no two domains declare the same name. */
export const channelParts = [
  accountsChannels,
  codesChannels,
  settingsChannels,
  vaultChannels,
  serversChannels,
  enrollChannels,
  importChannels,
  exportChannels,
  scanChannels,
  quickCopyChannels,
  linksChannels,
  policyChannels,
  clockChannels,
  mithrilChannels,
  barycenterChannels,
  desktopChannels
] as const
export const eventParts = [
  accountsEvents,
  codesEvents,
  settingsEvents,
  vaultEvents,
  serversEvents,
  enrollEvents,
  importEvents,
  exportEvents,
  scanEvents,
  quickCopyEvents,
  linksEvents,
  policyEvents,
  clockEvents,
  mithrilEvents,
  barycenterEvents,
  desktopEvents
] as const

export type Channels = typeof channels
export type Events = typeof events
export type Channel = keyof Channels
export type EventName = keyof Events

/** What the renderer passes (before main's schema trims or defaults it). */
export type InputOf<K extends Channel> = InputOfSpec<Channels[K]>
/** What a handler receives after main parsed the input. */
export type ParsedInputOf<K extends Channel> = ParsedInputOfSpec<Channels[K]>
/** What a handler resolves to; the renderer receives it inside a Result. */
export type OutputOf<K extends Channel> = OutputOfSpec<Channels[K]>
export type PayloadOf<E extends EventName> = PayloadOfSpec<Events[E]>
export type ResultOf<K extends Channel> = Result<OutputOf<K>>

/** The shape of `window.tessera`. */
export type TesseraApi = ApiOf<Channels, Events>

export const CHANNEL_NAMES = Object.keys(channels) as Channel[]
export const EVENT_NAMES = Object.keys(events) as EventName[]

/**
 * The channels main answers while the vault is locked: those declared `openWhileLocked` in their
 * domain file. Every other channel answers VAULT_LOCKED.
 */
export const CHANNELS_OPEN_WHILE_LOCKED: ReadonlySet<string> = channelsOpenWhileLocked(channels)

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name)
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name)
}

/** A typed sender of main→renderer events (main's window, the e2e harness, or a test spy). */
export type Emit = <E extends EventName>(event: E, payload: PayloadOf<E>) => void

/** Builds `window.tessera` over a transport (the preload's ipcRenderer, or the e2e binding). */
export function createTesseraApi(transport: Transport): TesseraApi {
  return buildApi<Channels, Events>(CHANNEL_NAMES, EVENT_NAMES, transport)
}

export type { Transport } from './ipc/contract'
