import { watch as fsWatch } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import { checkPrivateDir } from '../fs/regular-file'
import { AppError } from '../../../shared/errors'
import type { Account, AccountStatus, NewAccount } from '../../../shared/model'
import type {
  VaultLockReason,
  VaultState as VaultStateName,
  VaultStatusView
} from '../../../shared/ipc/vault'
import {
  applyPatch,
  applyPatches,
  checkRestorable,
  withRestored,
  materialize,
  type AccountPatch,
  type AccountPatchFor,
  type AccountStore
} from '../accounts/store'
import { OsKeychain, type Keychain, type KeychainItemRef } from '../keychain'
import { vaultFiles } from '../paths'
import { AutoLockTimer, realTimers, type Timers } from './auto-lock'
import {
  enableKeychain,
  removeSlot,
  setPassword,
  type SlotContext,
  type VaultChange
} from './slots'
import {
  atomicReplace,
  createExclusive,
  ensurePrivateDir,
  exists,
  fingerprint,
  readWithFingerprint,
  type Fingerprint,
  removeLeftoverTemps,
  type WriteHooks
} from './file-io'
import { withFileLock, type LockOptions } from '../fs/file-lock'
import { readIfExists } from '../fs/files'
import {
  canonicalJson,
  checkStorable,
  DEFAULT_SCRYPT,
  DEFAULT_SETTINGS,
  emptyDb,
  envelopeText,
  makeKeychainSlot,
  makePasswordSlot,
  newMasterKey,
  newVaultId,
  openDb,
  parseEnvelope,
  sealDb,
  unwrapPasswordSlot,
  verifyKeychainKey,
  type KeySlot,
  type ScryptParams,
  type VaultDb,
  type VaultEnvelope,
  type VaultHeader,
  type VaultSettings
} from './format'

export type SlotType = KeySlot['type']
/** Where the vault stands, why it locked, what the UI may know: shared's declarations. */
export type VaultState = VaultStateName
/** `system`: the screen locked or the computer went to sleep. */
export type LockReason = VaultLockReason
/** What the UI may know about the vault at any time; no secrets. */
export type VaultStatus = VaultStatusView

/** Events the app forwards to the renderer (e.g. show the unlock screen on `locked`). */
export type VaultEvent =
  | { type: 'unlocked'; method: SlotType | 'created' }
  | { type: 'locked'; reason: LockReason }
  | { type: 'changed' }

export interface VaultOptions {
  /** The data directory (see core/paths). */
  dataDir: string
  /** The OS keychain; defaults to @napi-rs/keyring pinned to the Secret Service on Linux. */
  keychain?: Keychain
  /** Keychain service name of the key item; default "Tessera". */
  keychainService?: string
  /** Clock for timestamps and auto-lock (ms). */
  now?: () => number
  /** Timers for auto-lock; injectable for tests. */
  timers?: Timers
  /** Lock-file tuning. */
  lock?: LockOptions
  /** Test hooks into the save sequence. */
  hooks?: WriteHooks
}

export interface CreateVaultOptions {
  /** Store the master key in the OS keychain (a `keychain` slot). */
  keychain: boolean
  /** Also (or only) protect the key with this password (a `password` slot). */
  password?: string
  /** scrypt parameters; the default N=2^17, r=8, p=1. Lower only in tests and benchmarks. */
  scrypt?: ScryptParams
}

interface Unlocked {
  key: Buffer
  header: VaultHeader
  db: VaultDb
  /** Fingerprint of the file version we hold; any other version was written by someone else. */
  fingerprint: Fingerprint
}

const lockedError = () =>
  new AppError(
    'VAULT_LOCKED',
    'The vault is locked. Unlock it with the keychain or your password to continue.'
  )

/** The status of a vault file that cannot be opened: the error said in words, no slots. */
function corruptStatus(
  base: { path: string; backupPath: string | null },
  err: unknown,
  code: 'IO' | 'VAULT_CORRUPT',
  message: string
): VaultStatus {
  const e = err instanceof AppError ? err : new AppError(code, message)
  return {
    ...base,
    state: 'corrupt',
    slots: [],
    autoLockMinutes: null,
    error: { code: e.code, message: e.message }
  }
}

/**
 * The encrypted vault: an AccountStore plus named collections and settings, stored in
 * `<dataDir>/vault.json` (format in docs/vault-format.md). Every write happens under a lock file
 * and re-reads the file first, so the app and the CLI never overwrite each other's changes.
 * While locked, every call that touches secrets throws VAULT_LOCKED.
 */
export class Vault implements AccountStore {
  readonly paths: { vault: string; backup: string; lock: string }
  private readonly keychain: Keychain
  private readonly service: string
  private readonly now: () => number
  private readonly idle: AutoLockTimer
  private autoLockCeiling: number | null = null
  private open: Unlocked | null = null
  private listeners = new Set<(e: VaultEvent) => void>()
  /** The auto-lock minutes of the database this process last had open (see VaultStatus). */
  private lastAutoLockMinutes: number | null = null
  private lastVaultId: string | null = null

  constructor(private readonly options: VaultOptions) {
    this.paths = vaultFiles(options.dataDir)
    this.keychain = options.keychain ?? new OsKeychain()
    this.service = options.keychainService ?? 'Tessera'
    this.now = options.now ?? Date.now
    this.idle = new AutoLockTimer(this.now, options.timers ?? realTimers, () => {
      if (this.open) this.lock('idle')
    })
  }

  /** Subscribes to lock/unlock/change events; returns the unsubscribe function. */
  onEvent(listener: (e: VaultEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private emit(e: VaultEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(e)
      } catch {
        // a listener's failure must not break the vault
      }
    }
  }

  get isUnlocked(): boolean {
    return this.open !== null
  }

  /** Where the vault stands, without touching secrets. Never throws for a damaged file. */
  async status(): Promise<VaultStatus> {
    const backupPath = (await exists(this.paths.backup)) ? this.paths.backup : null
    const base = { path: this.paths.vault, backupPath }
    if (this.open) {
      return {
        ...base,
        state: 'unlocked',
        slots: this.open.header.slots.map((s) => s.type),
        autoLockMinutes: this.open.db.settings.autoLockMinutes
      }
    }
    let text: string | null
    try {
      text = await readIfExists(this.paths.vault)
      // The folder is checked on every open, not only at init (it may be chmod-ed later). With
      // no vault yet, creating one says it (ensurePrivateDir).
      if (text !== null) await checkPrivateDir(this.options.dataDir)
    } catch (err) {
      // an unsafe folder, a linked vault.json, a pipe: said in words, nothing touched
      return corruptStatus(base, err, 'IO', 'The vault cannot be read.')
    }
    if (text === null) return { ...base, state: 'missing', slots: [], autoLockMinutes: null }
    try {
      const env = parseEnvelope(text, backupPath ?? undefined)
      return {
        ...base,
        state: 'locked',
        slots: env.header.slots.map((s) => s.type),
        autoLockMinutes: env.header.vaultId === this.lastVaultId ? this.lastAutoLockMinutes : null
      }
    } catch (err) {
      return corruptStatus(base, err, 'VAULT_CORRUPT', 'The vault file cannot be read.')
    }
  }

  /**
   * Creates a new vault and leaves it unlocked. The keychain item is written first, so a
   * keychain failure (KEYCHAIN_LOCKED / KEYCHAIN_UNAVAILABLE) leaves nothing on disk; create a
   * password-only vault (`keychain: false`) when the keychain cannot be used.
   * Throws VAULT_EXISTS when there is already a vault (damaged or not): it is never replaced.
   */
  async create(opts: CreateVaultOptions): Promise<void> {
    if (!opts.keychain && !opts.password) {
      throw new AppError(
        'INVALID_INPUT',
        'A vault needs the keychain, a password, or both. Choose a password.'
      )
    }
    await ensurePrivateDir(this.options.dataDir)
    await withFileLock(
      this.paths.lock,
      async () => {
        if (await exists(this.paths.vault)) throw this.exists()
        // the first save of a new vault would replace this backup: the only copy left
        if (await exists(this.paths.backup)) throw this.orphanBackup()
        const key = newMasterKey()
        const vaultId = newVaultId()
        const slots: KeySlot[] = []
        let ref: KeychainItemRef | null = null
        try {
          if (opts.password !== undefined) {
            slots.push(await makePasswordSlot(key, opts.password, opts.scrypt ?? DEFAULT_SCRYPT))
          }
          if (opts.keychain) {
            ref = { service: this.service, account: `vault-${vaultId}` }
            await this.keychain.writeKey(ref, key)
            slots.unshift(makeKeychainSlot(key, ref))
          }
          const header: VaultHeader = { version: 1, vaultId, slots }
          const db = emptyDb()
          const text = envelopeText(sealDb(header, key, db))
          // never a rename: a vault that appeared despite the lock is kept, not replaced
          if (!(await createExclusive(this.paths.vault, text, this.options.hooks))) {
            throw this.exists()
          }
          const written = await fingerprint(this.paths.vault)
          this.setOpen({ key, header, db, fingerprint: written ?? '' }, 'created')
        } catch (err) {
          if (ref) await this.keychain.deleteKey(ref).catch(() => undefined)
          if (!this.open) key.fill(0)
          throw err
        }
      },
      this.options.lock
    )
  }

  private exists(): AppError {
    return new AppError(
      'VAULT_EXISTS',
      `A vault already exists at ${this.paths.vault}. Unlock it instead; Tessera never replaces a vault.`,
      { details: { path: this.paths.vault } }
    )
  }

  private orphanBackup(): AppError {
    return new AppError(
      'VAULT_EXISTS',
      `There is no vault at ${this.paths.vault}, but the backup of an earlier vault is at ` +
        `${this.paths.backup}, and a new vault would replace it on its first save. To get those ` +
        'accounts back, rename it to vault.json and unlock it; to start over, move it out of the ' +
        'folder first.',
      { details: { path: this.paths.backup } }
    )
  }

  private async readEnvelope(): Promise<VaultEnvelope & { fingerprint: Fingerprint }> {
    // Every open checks the folder (others must not be able to swap the vault) and refuses a
    // linked or non-regular vault.json (readWithFingerprint), not only `init`.
    await checkPrivateDir(this.options.dataDir)
    const read = await readWithFingerprint(this.paths.vault)
    const backup = await this.backupHint()
    if (read === null) throw vaultMissing(this.paths.vault, backup)
    return { ...parseEnvelope(read.text, backup), fingerprint: read.fingerprint }
  }

  private async backupHint(): Promise<string | undefined> {
    return (await exists(this.paths.backup)) ? this.paths.backup : undefined
  }

  /**
   * Unlocks with the key stored in the OS keychain. Throws KEYCHAIN_* errors (nothing on disk
   * changes); the user can then unlock with the password instead when the vault has one.
   */
  async unlockWithKeychain(): Promise<void> {
    const env = await this.readEnvelope()
    const slot = env.header.slots.find((s) => s.type === 'keychain')
    if (!slot || slot.type !== 'keychain') {
      throw new AppError(
        'INVALID_INPUT',
        'This vault does not keep its key in the keychain. Unlock it with your password.'
      )
    }
    const key = await this.keychain.readKey({ service: slot.service, account: slot.account })
    try {
      verifyKeychainKey(slot, key)
      const db = openDb(env, key, await this.backupHint())
      this.setOpen({ key, header: env.header, db, fingerprint: env.fingerprint }, 'keychain')
    } catch (err) {
      key.fill(0)
      throw err
    }
  }

  /** Unlocks with the vault password. Throws WRONG_PASSWORD when it does not fit. */
  async unlockWithPassword(password: string): Promise<void> {
    const env = await this.readEnvelope()
    const slot = env.header.slots.find((s) => s.type === 'password')
    if (!slot || slot.type !== 'password') {
      throw new AppError(
        'INVALID_INPUT',
        'This vault has no password; it opens only with the keychain. Unlock your keychain and try again.'
      )
    }
    const key = await unwrapPasswordSlot(slot, password)
    try {
      const db = openDb(env, key, await this.backupHint())
      this.setOpen({ key, header: env.header, db, fingerprint: env.fingerprint }, 'password')
    } catch (err) {
      key.fill(0)
      throw err
    }
  }

  private setOpen(state: Unlocked, method: SlotType | 'created'): void {
    if (this.open && this.open.key !== state.key) this.open.key.fill(0)
    this.open = state
    this.idle.touch()
    this.schedule()
    this.emit({ type: 'unlocked', method })
    void removeLeftoverTemps(this.paths.vault)
    void removeLeftoverTemps(this.paths.lock)
  }

  /**
   * Locks: zeroes the master key buffer, drops the decrypted database and stops the idle timer.
   * (Decrypted strings already handed out cannot be wiped in JavaScript; they are dropped.)
   */
  lock(reason: LockReason = 'user'): void {
    this.idle.cancel()
    if (!this.open) return
    this.lastAutoLockMinutes = this.open.db.settings.autoLockMinutes
    this.lastVaultId = this.open.header.vaultId
    this.open.key.fill(0)
    this.open = null
    this.emit({ type: 'locked', reason })
  }

  /**
   * Records user activity, postponing auto-lock. Call it on user input (IPC calls the user
   * started, key presses in the window). Saves count as activity by themselves; reads do not.
   */
  touch(): void {
    if (!this.open) return
    this.idle.touch()
  }

  /**
   * Sets the longest idle time IT allows (AutoLockMaxMinutes; null: no limit). The countdown in
   * force is the user's choice under it (a choice of "never" becomes the ceiling); the running
   * countdown follows at once, from the last activity.
   */
  setAutoLockCeiling(maxMinutes: number | null): void {
    this.autoLockCeiling = maxMinutes !== null && maxMinutes > 0 ? maxMinutes : null
    this.schedule()
  }

  /** (Re)starts the idle countdown for the open database's auto-lock minutes (under the ceiling). */
  private schedule(): void {
    if (!this.open) {
      this.idle.cancel()
      return
    }
    const chosen = this.open.db.settings.autoLockMinutes
    const max = this.autoLockCeiling
    this.idle.schedule(max !== null && (chosen === 0 || chosen > max) ? max : chosen)
  }

  /**
   * The open state, or VAULT_LOCKED. Reads do not count as activity: the app polls codes every
   * second, which would otherwise keep the vault open forever. Saves count; the app calls
   * `touch()` on user input.
   */
  private unlocked(): Unlocked {
    if (!this.open) throw lockedError()
    return this.open
  }

  /**
   * Re-reads the file when another process saved since we last read it. Cheap when nothing
   * changed. Throws VAULT_LOCKED when locked.
   */
  async refresh(): Promise<boolean> {
    const cur = this.unlocked()
    if ((await fingerprint(this.paths.vault)) === cur.fingerprint) return false
    const env = await this.readEnvelope()
    if (env.fingerprint === cur.fingerprint) return false
    await this.adopt(cur, env)
    return true
  }

  private async adopt(
    cur: Unlocked,
    env: VaultEnvelope & { fingerprint: Fingerprint }
  ): Promise<VaultDb> {
    if (env.header.vaultId !== cur.header.vaultId) {
      this.lock('replaced')
      throw new AppError(
        'VAULT_LOCKED',
        'The vault file was replaced by a different vault. Unlock it again.'
      )
    }
    let db: VaultDb
    try {
      db = openDb(env, cur.key, await this.backupHint())
    } catch (err) {
      // Another process changed the password or removed a way in: the vault has a new master
      // key, and ours no longer opens it. That is not damage; unlocking again opens it.
      if (canonicalJson(env.header.slots) !== canonicalJson(cur.header.slots)) {
        this.lock('replaced')
        throw new AppError(
          'VAULT_LOCKED',
          'The vault password or its ways in were changed in another Tessera window or the ' +
            'command line, so the vault was locked. Unlock it again.',
          { cause: err }
        )
      }
      throw err
    }
    const next = { ...cur, header: env.header, db, fingerprint: env.fingerprint }
    this.open = next
    this.schedule()
    this.emit({ type: 'changed' })
    return db
  }

  /**
   * One durable write: under the lock file, re-read the file (adopting what another process
   * saved), apply `fn` to the latest database, encrypt with a fresh nonce and replace the file.
   * A file that fails to decrypt or parse is never overwritten (VAULT_CORRUPT).
   */
  private async transact<R>(
    fn: (db: VaultDb, header: VaultHeader) => VaultChange<R> | Promise<VaultChange<R>>
  ): Promise<R> {
    this.unlocked()
    this.touch()
    return withFileLock(
      this.paths.lock,
      async () => {
        const cur = this.unlocked()
        let db = cur.db
        let header = cur.header
        const fp = await fingerprint(this.paths.vault)
        if (fp === null) throw vaultMissing(this.paths.vault, await this.backupHint())
        if (fp !== cur.fingerprint) {
          const env = await this.readEnvelope()
          db = await this.adopt(cur, env)
          header = env.header
        }
        const out = await fn(db, header)
        // the new master key of a re-key is ours from here: zeroed unless it becomes the open key
        let rekey = out.rekey
        try {
          // `fn` handed back the same database and no new header: nothing changed, write nothing
          // (a rewrite would also rotate the backup to an identical copy, losing the last
          // different one)
          if (out.db === db && out.header === undefined) return out.result
          // lock() may have run while we awaited: never seal with a zeroed key
          if (this.open?.key !== cur.key) throw lockedError()
          checkStorable(out.db)
          const nextHeader = out.header ?? header
          const key = rekey ?? cur.key
          const sealed = sealDb(nextHeader, key, out.db)
          // After a re-key the backup must not be the old file: that copy opens with the old
          // password (or key), which is what the re-key takes away. After a removal it must not
          // keep the removed secret. Either way it becomes the new contents, under the new key.
          const backupText =
            rekey || out.rotateBackup ? envelopeText(sealDb(nextHeader, key, out.db)) : undefined
          await atomicReplace(
            this.paths.vault,
            this.paths.backup,
            envelopeText(sealed),
            this.options.hooks,
            backupText
          )
          // under the lock nobody else replaces the file, so this is the version we just wrote
          const written = await fingerprint(this.paths.vault)
          if (this.open?.key === cur.key && written !== null) {
            this.open = { key, header: nextHeader, db: out.db, fingerprint: written }
            if (rekey) cur.key.fill(0)
            rekey = undefined
            this.schedule()
          }
          return out.result
        } finally {
          rekey?.fill(0)
        }
      },
      this.options.lock
    )
  }

  /**
   * Watches the data directory and refreshes (emitting `changed`) when another process, such as
   * the CLI, saves the vault. Returns the function that stops watching. Errors while refreshing
   * (a damaged file, say) are left for the next explicit call to report.
   */
  watch(debounceMs = 150): () => void {
    let timer: ReturnType<typeof setTimeout> | null = null
    const watcher = fsWatch(this.options.dataDir, { persistent: false }, (_event, name) => {
      if (name !== null && name !== 'vault.json') return
      if (timer) clearTimeout(timer)
      timer = setTimeout(() => {
        timer = null
        if (this.open) this.refresh().catch(() => undefined)
      }, debounceMs)
    })
    watcher.on('error', () => undefined)
    return () => {
      if (timer) clearTimeout(timer)
      watcher.close()
    }
  }

  // ---- AccountStore ----

  /** All accounts in the user's order. Throws VAULT_LOCKED when locked. */
  list(): Account[] {
    return [...this.unlocked().db.accounts].sort((a, b) => a.order - b.order)
  }

  /** One account, or undefined. Throws VAULT_LOCKED when locked. */
  get(id: string): Account | undefined {
    return this.unlocked().db.accounts.find((a) => a.id === id)
  }

  /**
   * Adds all accounts in one durable write, after any added by another process. An empty list
   * writes nothing.
   */
  async addMany(inputs: NewAccount[], status: AccountStatus = 'active'): Promise<Account[]> {
    this.unlocked()
    if (inputs.length === 0) return []
    return this.transact((db) => {
      let order = db.accounts.reduce((m, a) => Math.max(m, a.order + 1), 0)
      const now = this.now()
      const added = inputs.map((input) => materialize(input, order++, now, status))
      return { db: { ...db, accounts: [...db.accounts, ...added] }, result: added }
    })
  }

  async update(id: string, patch: AccountPatch): Promise<Account> {
    return this.transact((db) => {
      const i = db.accounts.findIndex((a) => a.id === id)
      const current = db.accounts[i]
      if (!current) throw notFound()
      const next = applyPatch(current, patch, this.now())
      const accounts = [...db.accounts]
      accounts[i] = next
      return { db: { ...db, accounts }, result: next }
    })
  }

  /**
   * Applies every patch in ONE durable write (sorting 10,000 accounts is one encrypt + fsync +
   * rename, not 10,000). The patches apply to the latest file under the lock, so accounts another
   * process added meanwhile are kept. NOT_FOUND (nothing written) when any id is gone, e.g.
   * another process deleted it: refresh and try again. An empty list writes nothing.
   */
  async updateMany(patches: AccountPatchFor[]): Promise<Account[]> {
    this.unlocked()
    if (patches.length === 0) return []
    // the caller's objects may change while we wait for the lock; a deep clone of 10,000
    // patches costs more than the rest of the batch, and only tags/enrollment are nested
    const copy = patches.map(({ id, patch }) => ({ id, patch: copyPatch(patch) }))
    return this.transact((db) => {
      const { accounts, updated } = applyPatches(db.accounts, copy, this.now())
      return { db: { ...db, accounts }, result: updated }
    })
  }

  /**
   * Puts back removed accounts (undo) with their ids, orders and every field, in ONE durable
   * write, next to whatever the latest file holds (another process's additions are kept).
   * DUPLICATE (nothing written) when an id is already in the vault; INVALID_INPUT from the
   * storable check when an account is malformed.
   */
  async restore(accounts: Account[]): Promise<Account[]> {
    this.unlocked()
    if (accounts.length === 0) return []
    return this.transact((db) => {
      const restored = checkRestorable(db.accounts, accounts)
      return { db: { ...db, accounts: withRestored(db.accounts, restored) }, result: restored }
    })
  }

  async remove(id: string): Promise<void> {
    return this.transact((db) => {
      if (!db.accounts.some((a) => a.id === id)) throw notFound()
      // the removed secret must not live on in the backup
      return {
        db: { ...db, accounts: db.accounts.filter((a) => a.id !== id) },
        result: undefined,
        rotateBackup: true
      }
    })
  }

  /**
   * For HOTP: atomically takes the account's current counter and stores counter + 1, so two
   * processes never hand out the same code. Returns the account as it was (use its counter).
   */
  async advanceCounter(id: string): Promise<Account> {
    return this.transact((db) => {
      const i = db.accounts.findIndex((a) => a.id === id)
      const current = db.accounts[i]
      if (!current) throw notFound()
      const accounts = [...db.accounts]
      accounts[i] = applyPatch(current, { counter: current.otp.counter + 1 }, this.now())
      return { db: { ...db, accounts }, result: current }
    })
  }

  // ---- collections ----

  /**
   * The items of a named collection (e.g. 2FA server profiles with their access tokens), as
   * stored; [] when it does not exist. Throws VAULT_LOCKED when locked.
   */
  readCollection(name: string): unknown[] {
    const items = this.unlocked().db.collections[name] ?? []
    return structuredClone(items)
  }

  /**
   * Replaces a collection in one durable write. Items need a string `id`. Changes are merged by
   * id with what other processes saved meanwhile: items another process added are kept, items
   * this process removed (present when it last read, absent now) are removed. When the result
   * equals what the file holds, nothing is written.
   */
  async writeCollection(name: string, items: unknown[]): Promise<void> {
    const checked = items.map((item) => {
      if (
        item === null ||
        typeof item !== 'object' ||
        typeof (item as { id?: unknown }).id !== 'string'
      ) {
        throw new AppError('INVALID_INPUT', `Every item of collection "${name}" needs a string id.`)
      }
      return structuredClone(item) as { id: string; [key: string]: unknown }
    })
    const base = new Set((this.unlocked().db.collections[name] ?? []).map((i) => i.id))
    return this.transact((db) => {
      const mine = new Set(checked.map((i) => i.id))
      const theirs = (db.collections[name] ?? []).filter((i) => !mine.has(i.id) && !base.has(i.id))
      const merged = [...checked, ...theirs]
      if (isDeepStrictEqual(merged, db.collections[name] ?? [])) return { db, result: undefined }
      return {
        db: { ...db, collections: { ...db.collections, [name]: merged } },
        result: undefined
      }
    })
  }

  // ---- settings ----

  /** The vault's settings. Throws VAULT_LOCKED when locked. */
  getSettings(): VaultSettings {
    return { ...DEFAULT_SETTINGS, ...this.unlocked().db.settings }
  }

  /** Changes settings in one write (none when nothing changes); the auto-lock timer follows a new `autoLockMinutes`. */
  async updateSettings(patch: Partial<VaultSettings>): Promise<VaultSettings> {
    if (
      patch.autoLockMinutes !== undefined &&
      !(Number.isFinite(patch.autoLockMinutes) && patch.autoLockMinutes >= 0)
    ) {
      throw new AppError(
        'INVALID_INPUT',
        'Auto-lock minutes must be 0 (never) or a positive number.'
      )
    }
    const result = await this.transact((db) => {
      const settings = { ...db.settings }
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) settings[k] = v
      // the same values again: nothing to write
      if (isDeepStrictEqual(settings, db.settings)) return { db, result: settings }
      return { db: { ...db, settings }, result: settings }
    })
    this.schedule()
    return result
  }

  // ---- key slots (./slots) ----

  private slots(): SlotContext {
    return {
      key: () => this.unlocked().key,
      header: () => this.unlocked().header,
      keychain: this.keychain,
      service: this.service,
      transact: (fn) => this.transact(fn)
    }
  }

  /**
   * Adds a password slot, or replaces the existing one (= change password). Changing a password
   * needs the `current` one: anyone at an unlocked, unattended Tessera could otherwise replace it
   * and lock the owner out. WRONG_PASSWORD (nothing written) when `current` is missing or does not
   * open the vault. Adding the first password needs no `current`.
   */
  async setPassword(
    password: string,
    options: { current?: string; scrypt?: ScryptParams } = {}
  ): Promise<void> {
    return setPassword(this.slots(), password, options)
  }

  /**
   * Stores the master key in the OS keychain (again) and records the keychain slot: use it after
   * KEYCHAIN_ITEM_MISSING / _CORRUPT once the user unlocked with the password. When the vault has
   * a password, it is needed as `current`: WRONG_PASSWORD, nothing written to the file or the
   * keychain, when it is missing or wrong. A vault without a password needs none.
   */
  async enableKeychain(current?: string): Promise<void> {
    return enableKeychain(this.slots(), current)
  }

  /**
   * Removes a slot; refuses to remove the last one (the vault would be unopenable). When the
   * vault has a password, removing either slot needs it as `current`: WRONG_PASSWORD, nothing
   * written, when it is missing or wrong.
   */
  async removeSlot(type: SlotType, current?: string): Promise<void> {
    return removeSlot(this.slots(), type, current)
  }
}

/**
 * VAULT_MISSING for `path`. When a backup is left (vault.json deleted or moved), the message
 * says how to get the accounts back from it instead of suggesting a new vault.
 */
export function vaultMissing(path: string, backup?: string | null): AppError {
  if (backup) {
    return new AppError(
      'VAULT_MISSING',
      `There is no vault at ${path}, but the backup of an earlier vault is at ${backup}. To get ` +
        'those accounts back, close Tessera and rename the backup to vault.json.',
      { details: { path: backup } }
    )
  }
  return new AppError(
    'VAULT_MISSING',
    `There is no vault at ${path}. Create one with "tessera init" (or the app's first screen), ` +
      'or point Tessera at the right folder with --data-dir or TESSERA_DATA_DIR.',
    { details: { path } }
  )
}

function notFound(): AppError {
  return new AppError('NOT_FOUND', 'That account no longer exists. Refresh the list.')
}

function copyPatch(patch: AccountPatch): AccountPatch {
  const out: AccountPatch = { ...patch }
  if (patch.tags) out.tags = [...patch.tags]
  if (patch.enrollment) out.enrollment = { ...patch.enrollment }
  return out
}
