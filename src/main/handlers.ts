/**
 * The handler table: one function per IPC channel, over core services. Transport-agnostic:
 * src/main/compose.ts builds it once; Electron registers its dispatcher on ipcMain
 * (src/main/app/ipc.ts), the e2e harness binds the very same one into a Chromium page, and unit
 * tests call it through test/helpers/compose.ts. `createDispatcher` adds the parts
 * every transport needs: the channel must exist, the input must parse against the contract's
 * schema, and the call resolves to a Result that never rejects and carries no stack.
 */
import { AppError, fail, ok, toErrorShape, type Result } from '../shared/errors'
import {
  channels,
  isChannel,
  type Channel,
  type Emit,
  type OutputOf,
  type ParsedInputOf
} from '../shared/ipc'
import type { AccountStore } from './core/accounts/store'
import type { AccountsService, Clock } from './core/accounts/service'
import type { ClipboardPort, QuickCopyWindowPort } from './ports'
import { accountsHandlers } from './handlers/accounts'
import { codesHandlers } from './handlers/codes'
import { settingsHandlers, type SettingsPort } from './handlers/settings'
import type { AppSettings } from '../shared/ipc/settings'
import type { LinkDeliveryView } from '../shared/ipc/links'
import {
  gateWhileLocked,
  requirePasswordFirst,
  vaultHandlers,
  type VaultDeps
} from './handlers/vault'
import { effectiveClipboardClearSeconds, type PolicyGetter } from './core/policy'
import { createServersHandlers, type ServersDeps } from './handlers/servers'
import { createImportHandlers, type TransferDeps } from './handlers/import'
import { createExportHandlers } from './handlers/export'
import { createScanHandlers, type ScanDeps } from './handlers/scan'
import { quickCopyHandlers } from './handlers/quick-copy'
import { clockHandlers, type ClockDeps } from './handlers/clock'
import { desktopHandlers, type DesktopDeps } from './handlers/desktop'
import { createMithrilHandlers, type MithrilDeps } from './handlers/mithril'
import { createBarycenterHandlers, type BarycenterDeps } from './handlers/barycenter'

/** Who is calling; handlers may use it for policy or logging, never for trust decisions alone. */
export interface CallContext {
  transport: 'electron' | 'harness' | 'direct'
}

export type Handler<K extends Channel> = (
  input: ParsedInputOf<K>,
  ctx: CallContext
) => Promise<OutputOf<K>>

/** Exactly one handler per channel of the contract (a missing one is a type error). */
export type HandlerTable = { readonly [K in Channel]: Handler<K> }

/**
 * Everything the handler table is built from. All of it is required: src/main/compose.ts builds
 * it once for the app and the e2e harness (tests get theirs from test/helpers/compose.ts), so no
 * channel has a "not available here" branch for a missing part.
 */
export interface HandlerDeps {
  /** The accounts (the vault in the app). */
  store: AccountStore
  /** The accounts service over `store`, shared with whatever else the composition builds. */
  accounts: AccountsService
  clock: Clock
  /** Where main→renderer events go (the window, the harness page, a test spy). */
  emit: Emit
  clipboard: ClipboardPort
  /** Where the app's settings live (the vault's settings record). */
  settings: SettingsPort
  /** Told after the settings changed (content protection follows hideFromCapture). */
  onSettingsChanged: (settings: AppSettings) => void
  /** The encrypted vault; while it is locked every other channel answers VAULT_LOCKED. */
  vault: Omit<VaultDeps, 'policy'>
  /** 2FA servers, enrollment and the audit log. */
  servers: ServersDeps
  /** Import sessions, file dialogs and the export policy. */
  transfer: TransferDeps
  /** Held scans, the shell's capture ports and the decoder. */
  scan: ScanDeps
  /** The managed policies in force, read at every call (so a change applies at once). */
  policy: PolicyGetter
  /** This computer's list of recently copied accounts (device.json, never the vault). */
  recent: RecentCopies
  /** The Quick copy window, as its page may ask of it. */
  quickCopyWindow: QuickCopyWindowPort
  /** Links the OS handed over, waiting for the window (core/desktop/links). */
  links: { take(): LinkDeliveryView[] }
  /** The clock check: this computer's settings, the servers to ask, how to ask. */
  clockCheck: ClockDeps
  /** This computer's desktop settings and the OS services they change. */
  desktop: DesktopDeps
  /** Mithril's SMS sign-in and phone change. */
  mithril: MithrilDeps
  /** Barycenter rollouts: the journals' folder, the users-file and report dialogs. */
  barycenter: BarycenterDeps
}

/** The accounts copied last on this computer (Quick copy ranks them after the favourites). */
export interface RecentCopies {
  /** Ids, newest first. */
  list(): readonly string[]
  /** Puts the account first; a failure to save is logged, never fails the copy. */
  record(id: string): void
}

/** The table over already-built services; src/main/compose.ts is the one caller in src/. */
export function createHandlers(deps: HandlerDeps): HandlerTable {
  const { accounts, emit, settings, policy } = deps
  const vault: VaultDeps = { ...deps.vault, policy }
  const codes = codesHandlers(
    accounts,
    deps.clipboard,
    () => effectiveClipboardClearSeconds(settings.get().clipboardClearSeconds, policy().values),
    policy,
    (id) => deps.recent.record(id)
  )
  const table: HandlerTable = {
    ...vaultHandlers(vault),
    ...accountsHandlers(accounts, policy),
    ...codes,
    ...settingsHandlers(settings, emit, deps.onSettingsChanged, policy),
    ...createServersHandlers(deps.servers, emit, policy),
    ...createImportHandlers(deps),
    ...createExportHandlers(deps),
    ...createScanHandlers(deps),
    ...quickCopyHandlers({
      accounts,
      recent: () => deps.recent.list(),
      copy: codes['codes:copy'],
      window: deps.quickCopyWindow
    }),
    'links:take': async () => deps.links.take(),
    ...clockHandlers(deps.clockCheck),
    ...desktopHandlers(deps.desktop),
    ...createMithrilHandlers(deps.mithril),
    ...createBarycenterHandlers(deps.barycenter, emit),
    'policy:get': async () => policy()
  }
  return gateWhileLocked(vault, requirePasswordFirst(vault, table))
}

/** Calls a channel by name with untrusted input; always resolves, never rejects. */
export type Dispatch = (
  channel: string,
  input: unknown,
  ctx: CallContext
) => Promise<Result<unknown>>

export interface DispatcherOptions {
  /** Told about failures that were not AppErrors (bugs); gets no input and no result. */
  onInternalError?: (channel: string, err: unknown) => void
}

function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((i) => (i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ')
}

/** Logs a bug without its message (which might quote user data): name and stack frames only. */
export function logInternalError(channel: string, err: unknown): void {
  const name = err instanceof Error ? err.name : typeof err
  const frames =
    err instanceof Error && err.stack ? err.stack.split('\n').slice(1, 6).join('\n') : ''
  console.error(`[tessera] ${channel} failed with ${name}\n${frames}`)
}

export function createDispatcher(table: HandlerTable, options: DispatcherOptions = {}): Dispatch {
  const onInternalError = options.onInternalError ?? logInternalError
  return async (channel, input, ctx) => {
    if (!isChannel(channel)) {
      return fail(
        new AppError(
          'INVALID_INPUT',
          'Tessera does not know that request. Update or reinstall the app.'
        ).toJSON()
      )
    }
    try {
      const parsed = channels[channel].input.safeParse(input)
      if (!parsed.success) {
        return fail(new AppError('INVALID_INPUT', describeIssues(parsed.error.issues)).toJSON())
      }
      // The table is indexed by the same key as the schema, so the parsed input fits the handler.
      const handler = table[channel] as (input: unknown, ctx: CallContext) => Promise<unknown>
      return ok(await handler(parsed.data, ctx))
    } catch (err) {
      if (!(err instanceof AppError)) onInternalError(channel, err)
      return fail(toErrorShape(err))
    }
  }
}
