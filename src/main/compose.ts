/**
 * The main process, composed once: services over the vault, the handler table and its
 * dispatcher, the vault connection (events to the window, the file watched for the CLI's saves),
 * and the one list of what a lock clears. src/main/index.ts calls it with Electron's objects
 * behind ports; the e2e harness (test/e2e/harness/fixtures.ts) and the unit tests
 * (test/helpers/compose.ts) call it with recorders. Nothing here imports electron.
 *
 * How to add…
 * - a service: build it below in `composeMain` from `options.vault`, `options.dataDir` and
 *   `clock`, put it in `MainServices` (so the shell and tests can reach it), and hand it to its
 *   handlers in the `createHandlers({...})` call. Knobs tests or the app need (a worker, a
 *   timeout, a clock) go into `ServiceOptions` with a default that suits the app.
 * - a port (something only the Electron shell can do): declare its interface in
 *   src/main/ports/, add it to `ShellPorts`, implement it in src/main/app/ and pass it in
 *   src/main/index.ts; add a double to test/helpers/compose.ts and the e2e harness.
 * - a lock clean-up (state that holds secrets or must not outlive the unlocked session):
 *   `lockCleanup.add('camera sessions', () => cameras.stopAll())` next to the service it
 *   clears, in `composeMain` (or, for state the shell owns, on the returned `lockCleanup`).
 *   Entries run in the order added, synchronously, before the window hears `vault:locked`; one
 *   that throws (or rejects) is logged and does not stop the others.
 */
import type { Emit } from '../shared/ipc'
import type { VaultLockReason } from '../shared/ipc/vault'
import type { AccountStore } from './core/accounts/store'
import type { EnrollServiceDeps } from './core/enroll/service'
import { createQrImageReader } from './core/enroll/qr-image'
import { enrollServiceForVault } from './core/enroll/wire'
import type { ImageLimits } from './core/image'
import { ImportSessions, type ImportSessionsOptions } from './core/import'
import { assertManualEntryAllowed, fixedPolicies, type PolicyPort } from './core/policy'
import { createInProcessQrDecoder, ScanSessions } from './core/qr'
import type { VaultCollections } from './core/servers/store'
import { AccountsService, systemClock, type Clock } from './core/accounts/service'
import type { ScryptParams, Vault } from './core/vault'
import {
  createDispatcher,
  createHandlers,
  type Dispatch,
  type DispatcherOptions,
  type HandlerTable
} from './handlers'
import type { ScanDeps } from './handlers/scan'
import type { EnrollmentParts } from './handlers/servers'
import { effectiveAppSettings, vaultSettingsPort, type SettingsPort } from './handlers/settings'
import { connectVault, type VaultPort } from './handlers/vault'
import { AutoBackup, readBackupConfig } from './core/backup'
import { exportRefusal } from './core/policy/enforce'
import type {
  ClipboardPort,
  ContentProtectionPort,
  FileDialogs,
  MainWindowPort,
  DesktopPort,
  QuickCopyWindowPort,
  SaveFilePort,
  ScanPorts
} from './ports'
import { DeviceSettingsStore } from './core/device/settings'
import { LinkRouter } from './core/desktop/links'
import type { ScanStepView } from '../shared/ipc/scan'
import { createLinkReview } from './handlers/scan'
import type { DateFetch } from './core/clock/measure'
import { correctionMs } from './core/device/settings'
import { MithrilService, type MithrilServiceDeps } from './core/mithril/service'
import { VaultAttemptLedger, VaultSignInStateStore } from './core/mithril/ledger'
import { ROLLOUT_DIR_NAME } from './core/barycenter/runs'
import { join } from 'node:path'

/**
 * What the composition needs of the vault: the real `Vault` in the app and the e2e harness; the
 * unit tests' `MemoryVault` (test/helpers/memory-vault.ts) otherwise.
 */
export type MainVault = VaultPort &
  AccountStore &
  VaultCollections &
  Pick<Vault, 'onEvent' | 'watch' | 'setAutoLockCeiling'>

/** Everything the Electron shell provides (src/main/app/ implements each one). */
export interface ShellPorts {
  /** Where main→renderer events go (the window's webContents). */
  emit: Emit
  clipboard: ClipboardPort
  /** Open and save dialogs of import and export. */
  fileDialogs: FileDialogs
  /** The save dialog of the audit-log export. */
  saveFile: SaveFilePort
  scan: ScanPorts
  /** Follows the "hide from screen capture" setting. */
  contentProtection: ContentProtectionPort
  /** The Quick copy window (hide it, or hand over to the main window). */
  quickCopyWindow: QuickCopyWindowPort
  /** The main window (brought forward when a link arrives). */
  mainWindow: MainWindowPort
  /** The global shortcut and the login item. */
  desktop: DesktopPort
}

/** How services are built; every default suits the app except where the app passes its own. */
export interface ServiceOptions {
  /** scrypt cost of new password slots; the vault's default unless a test lowers it. */
  scrypt?: ScryptParams
  /** Reads a backup; default on main's thread (the app passes its worker thread). */
  readImport?: ImportSessionsOptions['read']
  /** A fresh QR decoder per scan; default in-process (the app passes worker threads). */
  qrDecoder?: ScanDeps['decoder']
  /** Largest image a scan accepts; default the core's. */
  imageLimits?: ImageLimits
  /**
   * Turns an image file into pixels; default on main's thread. The app and the e2e harness pass
   * the off-thread decoder with its time limit (core/image/off-thread).
   */
  imageDecoder?: ScanDeps['imageDecoder']
  /** Extra parts of the enrollment service (tests: its clock, sleep and timeouts). */
  enrollment?: Partial<EnrollServiceDeps>
  /**
   * The managed policies (the app passes its PolicyService, loaded before the window opens; the
   * e2e harness one over its policy file). Default: an unmanaged install's.
   */
  policies?: PolicyPort
  /** Watch the vault file while unlocked, so the CLI's saves show up; default yes. */
  watchVault?: boolean
  /** This computer's settings (device.json); default the file in `dataDir`. */
  device?: DeviceSettingsStore
  /** How the clock check asks servers for their Date (default Node's fetch; tests pass theirs). */
  clockFetch?: DateFetch
  /** Mithril's and Barycenter's HTTP (tests: their fetch or timeout); default Node's fetch. */
  http?: MithrilServiceDeps['http']
}

export interface ComposeOptions {
  /** The encrypted vault (it is also the account store). */
  vault: MainVault
  /** The data folder (the enrollment audit log lives under it). */
  dataDir: string
  ports: ShellPorts
  /** Default: the system clock; the e2e harness and tests pass a fixed one. */
  clock?: Clock
  services?: ServiceOptions
  dispatcher?: DispatcherOptions
}

/** The services the composition built, for the shell and for tests to reach. */
export interface MainServices {
  accounts: AccountsService
  settings: SettingsPort
  /** Unfinished imports (decrypted accounts held between the review's steps). */
  imports: ImportSessions
  /** The scan held for review. */
  scans: ScanSessions
  /** Server profiles, enrollment and the audit log over the unlocked vault (built on first use). */
  enrollment: () => EnrollmentParts
  /** This computer's settings: start at login, the shortcut, the clock, recent copies. */
  device: DeviceSettingsStore
  /**
   * otpauth links from the OS: the shell hands them over with `links.receive(urls)` (first
   * launch, second instance, open-url); they become a scan held for review, never an account.
   */
  links: LinkRouter<ScanStepView>
}

/** What a lock clears, in one place. */
export interface LockCleanup {
  /**
   * Adds what a lock must clear; `name` says what it is (for logs and tests). Returns the
   * function that removes the entry again.
   */
  add(name: string, clear: (reason: VaultLockReason) => void | Promise<void>): () => void
  /** The names of the entries, in the order they run. */
  names(): string[]
}

export interface MainProcess {
  /** Calls a channel with untrusted input; what both transports register. */
  dispatch: Dispatch
  /** The handler table behind `dispatch` (for tests of the dispatcher itself). */
  table: HandlerTable
  services: MainServices
  lockCleanup: LockCleanup
  /** Stops listening to the vault and watching its file. */
  dispose(): void
}

function createLockCleanup(): LockCleanup & { run(reason: VaultLockReason): void } {
  const entries: { name: string; clear: (reason: VaultLockReason) => void | Promise<void> }[] = []
  const failed = (name: string, err: unknown): void => {
    const kind = err instanceof Error ? err.name : typeof err
    console.error(`[tessera] lock clean-up "${name}" failed with ${kind}`)
  }
  return {
    add(name, clear) {
      const entry = { name, clear }
      entries.push(entry)
      return () => {
        const i = entries.indexOf(entry)
        if (i >= 0) entries.splice(i, 1)
      }
    },
    names: () => entries.map((e) => e.name),
    run(reason) {
      for (const { name, clear } of [...entries]) {
        try {
          const done = clear(reason)
          if (done instanceof Promise) done.catch((err: unknown) => failed(name, err))
        } catch (err) {
          failed(name, err)
        }
      }
    }
  }
}

/** Builds the main process's services, handler table and lock clean-up once. */
export function composeMain(options: ComposeOptions): MainProcess {
  const { vault, dataDir, ports } = options
  const services = options.services ?? {}
  const clock = options.clock ?? systemClock
  const { emit } = ports
  const lockCleanup = createLockCleanup()
  const device = services.device ?? new DeviceSettingsStore(dataDir)

  // Accounts; deleted ones kept for Undo hold their secrets, so a lock forgets them.
  // Codes follow the measured clock offset when the user turned correction on (device.json).
  const accounts = new AccountsService(
    vault,
    clock,
    { changed: (reason, ids) => emit('accounts:changed', { reason, ids }) },
    () => correctionMs(device.get())
  )
  lockCleanup.add('undo', () => accounts.discardUndo())

  // The clipboard forgets a copied code on lock (if it still holds it).
  lockCleanup.add('clipboard', () => ports.clipboard.clearNow())

  // Managed policies, read at every call; a change applies at once and the window hears it.
  const policies = services.policies ?? fixedPolicies()
  const policy = () => policies.snapshot

  // Settings live in the vault; content protection follows them (under the policy) once open.
  const settings = vaultSettingsPort(vault)
  const applyCapture = (): void => {
    if (vault.isUnlocked)
      ports.contentProtection.set(
        effectiveAppSettings(settings.get(), policy().values).hideFromCapture
      )
  }
  const offUnlocked = vault.onEvent((e) => {
    if (e.type === 'unlocked') applyCapture()
  })

  // The idle countdown is the user's choice under AutoLockMaxMinutes, followed while running.
  vault.setAutoLockCeiling(policy().values.AutoLockMaxMinutes)
  const offPolicies = policies.onChange((snapshot) => {
    vault.setAutoLockCeiling(snapshot.values.AutoLockMaxMinutes)
    applyCapture()
    emit('policy:changed', snapshot)
    if (vault.isUnlocked) {
      emit('settings:changed', effectiveAppSettings(settings.get(), snapshot.values))
    }
  })

  // Automatic encrypted backups (configured in the vault): a few seconds after changes settle,
  // off the save path; a failure is recorded in the backup status, never thrown at a save.
  const backups = new AutoBackup({
    accounts: () => {
      try {
        return vault.list()
      } catch {
        return null // locked
      }
    },
    config: () => {
      // A policy that forbids exports forbids backups too (they are encrypted exports).
      if (exportRefusal(policy(), 'encrypted') !== null) return null
      try {
        return readBackupConfig(vault)
      } catch {
        return null // locked
      }
    },
    dataDir
  })
  const offBackups = vault.onEvent((e) => {
    if (e.type === 'changed') backups.notifyChanged()
  })
  lockCleanup.add('backups', () => backups.beforeLock())

  // Unfinished imports hold decrypted accounts: a lock forgets them.
  const imports = new ImportSessions({
    now: clock,
    ...(services.readImport ? { read: services.readImport } : {})
  })
  lockCleanup.add('imports', () => imports.discardAll())

  // A scan's accounts wait in main for the review: a lock forgets them too.
  const scans = new ScanSessions()
  lockCleanup.add('scans', () => scans.discardAll())

  // Server profiles (tokens included) live in the vault; the gate answers VAULT_LOCKED first.
  let enrollmentParts: EnrollmentParts | undefined
  const enrollment = (): EnrollmentParts =>
    (enrollmentParts ??= enrollServiceForVault(vault, dataDir, {
      now: clock,
      // A server's QR image is read like a scanned file: same decoders, same limits.
      readQr: createQrImageReader({
        decoder: () => (services.qrDecoder ?? (() => createInProcessQrDecoder()))('files'),
        ...(services.imageLimits ? { limits: services.imageLimits } : {}),
        ...(services.imageDecoder ? { decodeImage: services.imageDecoder } : {})
      }),
      ...services.enrollment
    }))

  // Mithril sign-ins: the wrong-code count and unfinished sign-ins live in the vault (shared with
  // the CLI); the live ones hold 2FA tokens in memory, so a lock forgets them (the vault keeps
  // its encrypted copy, and the next unlock carries on from there).
  let mithril: MithrilService | undefined
  const mithrilService = (): MithrilService =>
    (mithril ??= new MithrilService({
      servers: enrollment().servers,
      ledger: new VaultAttemptLedger(vault, clock),
      sessions: new VaultSignInStateStore(vault),
      now: clock,
      ...(services.http ? { http: services.http } : {})
    }))
  lockCleanup.add('mithril sign-ins', () => {
    mithril = undefined
  })

  const scan: ScanDeps = {
    ...ports.scan,
    sessions: scans,
    decoder: services.qrDecoder ?? (() => createInProcessQrDecoder()),
    ...(services.imageLimits ? { imageLimits: services.imageLimits } : {}),
    ...(services.imageDecoder ? { imageDecoder: services.imageDecoder } : {})
  }

  // Links from the OS go to the scan review (the same classifier and caps as a QR code's text).
  // While locked they wait (and the window shows the unlock screen); a lock forgets held reviews.
  const linkReview = createLinkReview({ store: vault, emit, clock, scan, policy })
  const links = new LinkRouter<ScanStepView>({
    // A clicked otpauth link is a link typed in by other means: AllowManualEntry governs it.
    review: async (texts) => {
      assertManualEntryAllowed(policy())
      return linkReview(texts)
    },
    isUnlocked: () => vault.isUnlocked,
    notify: (waiting) => {
      emit('links:waiting', { waiting })
      ports.mainWindow.show()
    },
    now: clock
  })
  lockCleanup.add('links', () => links.locked())
  const offLinksUnlocked = vault.onEvent((e) => {
    if (e.type === 'unlocked') void links.unlocked()
  })

  const table = createHandlers({
    store: vault,
    accounts,
    clock,
    emit,
    clipboard: ports.clipboard,
    settings,
    onSettingsChanged: (next) => ports.contentProtection.set(next.hideFromCapture),
    vault: { vault, ...(services.scrypt ? { scrypt: services.scrypt } : {}) },
    servers: { enrollment, saveFile: ports.saveFile },
    transfer: { imports, dialogs: ports.fileDialogs },
    policy,
    scan,
    links,
    recent: {
      list: () => device.get().recent,
      record: (id) => {
        device.recordCopy(id).catch((err: unknown) => {
          const kind = err instanceof Error ? err.name : typeof err
          console.error(`[tessera] remembering a copy in device.json failed with ${kind}`)
        })
      }
    },
    quickCopyWindow: ports.quickCopyWindow,
    clockCheck: {
      device,
      servers: () => enrollment().servers.list(),
      // A new offset or correction moves codes: every window reloads them.
      emit: (event, payload) => {
        emit(event, payload)
        if (event === 'clock:changed') emit('accounts:changed', { reason: 'updated', ids: [] })
      },
      now: clock,
      ...(services.clockFetch ? { fetch: services.clockFetch } : {})
    },
    desktop: { device, port: ports.desktop },
    mithril: { service: mithrilService },
    barycenter: {
      servers: () => enrollment().servers,
      audit: () => enrollment().audit,
      dir: join(dataDir, ROLLOUT_DIR_NAME),
      dialogs: ports.fileDialogs,
      saveFile: ports.saveFile,
      now: clock,
      ...(services.http ? { http: services.http } : {})
    }
  })
  const dispatch = createDispatcher(table, options.dispatcher)

  // The window hears lock/unlock/changes; a lock runs the clean-up list first.
  const disconnect = connectVault(vault, {
    emit,
    ...(services.watchVault === false ? { watch: false } : {}),
    onLocked: (reason) => lockCleanup.run(reason)
  })

  return {
    dispatch,
    table,
    services: { accounts, settings, imports, scans, enrollment, device, links },
    lockCleanup: { add: lockCleanup.add, names: lockCleanup.names },
    dispose: () => {
      disconnect()
      offUnlocked()
      offLinksUnlocked()
      offPolicies()
      offBackups()
    }
  }
}
