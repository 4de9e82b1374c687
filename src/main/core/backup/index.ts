/**
 * Automatic encrypted backups: after the vault changes, an encrypted Aegis export of every
 * account is written into a folder the user chose, and only the newest N are kept. Aegis and
 * Tessera's own import read them, so a restore is an ordinary import of an Aegis file.
 *
 * - Off the hot path: `notifyChanged` only (re)starts a timer; the export (scrypt, a file write)
 *   runs after the changes settle, and a save never waits for it.
 * - Never fatal: a failed backup (folder gone, read-only, full disk) is recorded and reported
 *   through `onResult`; the vault and its own `vault.json.bak` are untouched.
 * - Never in the data folder, never over another file: names are fresh
 *   (`tessera-backup-<UTC time>.json`), written to a temp file and renamed into place, 0600.
 * - Pruning deletes only files with that exact name pattern, oldest first.
 */
import { randomBytes } from 'node:crypto'
import { lstat, open, readdir, rename, stat, unlink } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import { AppError } from '../../../shared/errors'
import { exportAegisVault, type ExportableAccount } from '../export'
import { checkExportTarget } from '../fs/export-file'

/** What the user set up. Kept in the vault (encrypted): the password is a secret. */
export interface BackupConfig {
  /** Absolute path of the folder backups go to. */
  folder: string
  /** How many backups to keep, 1..{@link MAX_BACKUPS_KEPT}. */
  keep: number
  /** The password each backup is encrypted with (the vault's own, or a separate one). */
  password: string
}

/** One backup file in the folder. */
export interface BackupFile {
  name: string
  path: string
  /** When it was written (from its name), ms since the epoch. */
  at: number
  bytes: number
}

/** How the last attempt went, for the Settings section and `tessera backup list`. */
export interface BackupStatus {
  lastSuccess?: { at: number; file: string }
  lastFailure?: { at: number; code: string; message: string }
  /** True while a change is waiting for its backup. */
  pending: boolean
}

export const MAX_BACKUPS_KEPT = 100
export const DEFAULT_BACKUPS_KEPT = 10
/** Changes within this long of each other give one backup. */
export const DEFAULT_BACKUP_DEBOUNCE_MS = 5_000

const NAME = /^tessera-backup-(\d{8})T(\d{6})(\d{3})Z(?:-(\d+))?\.json$/

function nameFor(at: number, n: number): string {
  const iso = new Date(at).toISOString() // 2026-12-03T16:29:51.123Z
  const stamp = iso.replace(/[-:]/g, '').replace('.', '')
  return `tessera-backup-${stamp}${n > 0 ? `-${n}` : ''}.json`
}

function timeOf(name: string): number | null {
  const m = NAME.exec(name)
  if (!m) return null
  const [, d, t, ms] = m as unknown as [string, string, string, string]
  const at = Date.UTC(
    Number(d.slice(0, 4)),
    Number(d.slice(4, 6)) - 1,
    Number(d.slice(6, 8)),
    Number(t.slice(0, 2)),
    Number(t.slice(2, 4)),
    Number(t.slice(4, 6)),
    Number(ms)
  )
  return Number.isFinite(at) ? at : null
}

function folderError(folder: string, err: unknown): AppError {
  const code = (err as NodeJS.ErrnoException).code
  const why =
    code === 'ENOENT'
      ? 'does not exist (was a drive unplugged?)'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'cannot be written to'
        : code === 'ENOSPC'
          ? 'is on a full disk'
          : code === 'ENOTDIR'
            ? 'is not a folder'
            : `could not be written (${code ?? 'unknown error'})`
  return new AppError(
    'IO',
    `The backup folder ${folder} ${why}. Your accounts are safe in the vault; choose another backup folder or reconnect the drive.`,
    { cause: err, details: { path: folder } }
  )
}

/**
 * Checks a configuration before it is saved.
 *
 * @throws AppError INVALID_INPUT for a relative or data-folder path, a keep count out of range, or
 *   an empty password; IO when the folder does not exist or is not a folder.
 */
export async function checkBackupConfig(c: BackupConfig, dataDir: string): Promise<void> {
  if (typeof c.folder !== 'string' || !isAbsolute(c.folder)) {
    throw new AppError('INVALID_INPUT', 'Choose the backup folder by its full path.')
  }
  if (!Number.isInteger(c.keep) || c.keep < 1 || c.keep > MAX_BACKUPS_KEPT) {
    throw new AppError(
      'INVALID_INPUT',
      `Keep between 1 and ${MAX_BACKUPS_KEPT} backups (got ${String(c.keep)}).`
    )
  }
  if (typeof c.password !== 'string' || c.password === '') {
    throw new AppError('INVALID_INPUT', 'Backups need a password to encrypt them with.')
  }
  let st
  try {
    st = await stat(c.folder)
  } catch (err) {
    throw folderError(c.folder, err)
  }
  if (!st.isDirectory()) throw folderError(c.folder, { code: 'ENOTDIR' })
  // Never inside the data folder: a backup there is lost with the vault it should outlive.
  await checkExportTarget(join(c.folder, nameFor(0, 0)), { dataDir })
}

/** The backups in `folder`, newest first. Other files are ignored. */
export async function listBackups(folder: string): Promise<BackupFile[]> {
  let names: string[]
  try {
    names = await readdir(folder)
  } catch (err) {
    throw folderError(folder, err)
  }
  const out: BackupFile[] = []
  for (const name of names) {
    const at = timeOf(name)
    if (at === null) continue
    const path = join(folder, name)
    try {
      const st = await lstat(path)
      if (!st.isFile()) continue
      out.push({ name, path, at, bytes: st.size })
    } catch {
      // deleted meanwhile
    }
  }
  return out.sort((a, b) => b.at - a.at || (a.name < b.name ? 1 : -1))
}

/**
 * Writes one encrypted backup now and prunes the oldest beyond `keep`.
 *
 * @throws AppError IO naming the folder when it cannot be written; INVALID_INPUT for a bad
 *   configuration.
 */
export async function writeBackup(
  accounts: ExportableAccount[],
  config: BackupConfig,
  opts: { dataDir: string; now?: () => number }
): Promise<BackupFile> {
  await checkBackupConfig(config, opts.dataDir)
  const text = await exportAegisVault(accounts, { password: config.password })
  const at = (opts.now ?? Date.now)()
  const existing = new Set((await listBackups(config.folder)).map((b) => b.name))
  let n = 0
  while (existing.has(nameFor(at, n))) n++
  const name = nameFor(at, n)
  const path = join(config.folder, name)
  const tmp = join(config.folder, `.${name}.tmp-${randomBytes(4).toString('hex')}`)
  try {
    const fh = await open(tmp, 'wx', 0o600)
    try {
      await fh.writeFile(text, 'utf8')
      await fh.sync()
    } finally {
      await fh.close()
    }
    await rename(tmp, path)
  } catch (err) {
    await unlink(tmp).catch(() => undefined)
    throw folderError(config.folder, err)
  }
  await pruneBackups(config.folder, config.keep)
  return { name, path, at, bytes: Buffer.byteLength(text) }
}

/** Deletes the oldest backups beyond `keep`; returns the names deleted. */
export async function pruneBackups(folder: string, keep: number): Promise<string[]> {
  const all = await listBackups(folder)
  const gone: string[] = []
  for (const b of all.slice(Math.max(1, keep))) {
    try {
      await unlink(b.path)
      gone.push(b.name)
    } catch {
      // already gone, or not ours to delete: leave it
    }
  }
  return gone
}

export interface AutoBackupDeps {
  /** The accounts to back up (the unlocked vault's), or null when the vault is locked. */
  accounts: () => ExportableAccount[] | null
  /** The configuration, or null when backups are off. */
  config: () => BackupConfig | null
  dataDir: string
  now?: () => number
  debounceMs?: number
  /** Every finished attempt, success or failure (a notification, the Settings section). */
  onResult?: (status: BackupStatus) => void
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
}

/**
 * Writes a backup a short while after the last change. Failures are reported, never thrown.
 */
export class AutoBackup {
  private timer: unknown = null
  private chain: Promise<void> = Promise.resolve()
  private queued: Promise<BackupStatus> | null = null
  private readonly current: BackupStatus = { pending: false }

  constructor(private readonly deps: AutoBackupDeps) {}

  status(): BackupStatus {
    return { ...this.current }
  }

  /** The vault changed: back up once the changes settle. Returns at once. */
  notifyChanged(): void {
    if (this.deps.config() === null) return
    this.current.pending = true
    const clear = this.deps.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout))
    const set =
      this.deps.setTimer ??
      ((fn, ms) => {
        const h = setTimeout(fn, ms)
        h.unref?.()
        return h
      })
    if (this.timer !== null) clear(this.timer)
    this.timer = set(() => {
      this.timer = null
      void this.flush()
    }, this.deps.debounceMs ?? DEFAULT_BACKUP_DEBOUNCE_MS)
  }

  /**
   * Writes a backup now, after the one in progress if any, and reports the outcome. Calls while
   * one is waiting to start share it: at most one runs and one waits, and the waiting one sees
   * the latest accounts.
   */
  flush(): Promise<BackupStatus> {
    if (this.queued) return this.queued
    const next = this.chain
      .then(() => {
        this.queued = null
        return this.attempt()
      })
      .then(() => this.status())
    this.queued = next
    this.chain = next.then(
      () => undefined,
      () => undefined
    )
    return next
  }

  /** The timer's pending backup, written now (before the vault locks or the app quits). */
  async drain(): Promise<void> {
    if (this.timer !== null) {
      ;(this.deps.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout)))(this.timer)
      this.timer = null
      await this.flush()
    }
    await this.chain
  }

  /**
   * The vault is about to lock: a backup still waiting for its timer is started now, from the
   * accounts as they are (after the lock there would be none to read). Synchronous, for the lock
   * clean-up; the copy of the accounts lives only until that export is written.
   */
  beforeLock(): void {
    if (this.timer === null) return
    ;(this.deps.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout)))(this.timer)
    this.timer = null
    const snapshot = { config: this.deps.config(), accounts: this.deps.accounts() }
    const next = this.chain.then(() => this.attempt(snapshot)).then(() => this.status())
    this.chain = next.then(
      () => undefined,
      () => undefined
    )
  }

  private async attempt(snapshot?: {
    config: BackupConfig | null
    accounts: ExportableAccount[] | null
  }): Promise<void> {
    const now = this.deps.now ?? Date.now
    const config = snapshot ? snapshot.config : this.deps.config()
    const accounts = snapshot ? snapshot.accounts : this.deps.accounts()
    if (config === null || accounts === null) {
      this.current.pending = false
      return
    }
    try {
      const file = await writeBackup(accounts, config, { dataDir: this.deps.dataDir, now })
      this.current.lastSuccess = { at: file.at, file: file.name }
      delete this.current.lastFailure
    } catch (err) {
      const e =
        err instanceof AppError
          ? err
          : new AppError('INTERNAL', 'The backup could not be written.', { cause: err })
      this.current.lastFailure = { at: now(), code: e.code, message: e.message }
    }
    this.current.pending = this.timer !== null
    this.deps.onResult?.(this.status())
  }
}

/** The vault collection the backup configuration is kept in (one item, id `config`). */
export const BACKUP_COLLECTION = 'backup'

interface CollectionStore {
  readCollection(name: string): unknown[]
  writeCollection(name: string, items: Array<{ id: string }>): void | Promise<void>
}

/** The backup configuration stored in the vault, or null when backups are off. */
export function readBackupConfig(vault: CollectionStore): BackupConfig | null {
  const item = vault.readCollection(BACKUP_COLLECTION)[0] as Record<string, unknown> | undefined
  if (!item) return null
  const { folder, keep, password } = item
  if (typeof folder !== 'string' || typeof keep !== 'number' || typeof password !== 'string') {
    return null
  }
  return { folder, keep, password }
}

/** Saves (after {@link checkBackupConfig}) or, with null, removes the configuration. */
export async function saveBackupConfig(
  vault: CollectionStore,
  config: BackupConfig | null,
  dataDir: string
): Promise<void> {
  if (config === null) {
    await vault.writeCollection(BACKUP_COLLECTION, [])
    return
  }
  await checkBackupConfig(config, dataDir)
  await vault.writeCollection(BACKUP_COLLECTION, [{ id: 'config', ...config }])
}
