import { z } from 'zod'
import { AppError } from '../../../shared/errors'
import type { NewServerProfile, ServerPatch, ServerProfile } from './model'
import { CODE_FORMATS, MITHRIL_GRANT_PATHS, SERVER_TYPES, isEnrollmentType } from './model'
import { normalizeMithrilFields, validateNewServer, validateServerPatch } from './validate'

/**
 * Where server profiles live. Every mutating call is one durable write. Names are unique,
 * compared case-insensitively.
 */
export interface ServerStore {
  list(): ServerProfile[]
  get(id: string): ServerProfile | undefined
  /** Finds a profile by name (case-insensitive). */
  getByName(name: string): ServerProfile | undefined
  /** Validates and adds a profile. Throws INVALID_INPUT, INSECURE_URL or DUPLICATE. */
  add(input: NewServerProfile): Promise<ServerProfile>
  /** Validates and applies an edit. Throws NOT_FOUND, INVALID_INPUT, INSECURE_URL or DUPLICATE. */
  update(id: string, patch: ServerPatch): Promise<ServerProfile>
  /** Removes a profile. Throws NOT_FOUND. */
  remove(id: string): Promise<void>
}

/**
 * The two vault calls the vault-backed store needs. The encrypted vault offers these for named
 * collections of items that each have a string `id`.
 */
export interface VaultCollections {
  readCollection(name: string): unknown[]
  writeCollection(name: string, items: Array<{ id: string }>): void | Promise<void>
}

/** The vault collection server profiles (with their tokens) are kept in. */
export const SERVERS_COLLECTION = 'servers'

const profileSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  type: z.enum(SERVER_TYPES),
  baseUrl: z.string().min(1),
  token: z.string(),
  codeFormat: z.enum(CODE_FORMATS).optional(),
  mithril: z
    .object({
      email: z.string().min(1),
      clientId: z.string().min(1),
      scope: z.string().min(1),
      grantPath: z.enum(MITHRIL_GRANT_PATHS).optional()
    })
    .optional(),
  createdAt: z.number(),
  updatedAt: z.number()
})

const notFound = (): AppError =>
  new AppError('NOT_FOUND', 'That server profile no longer exists. Refresh the list of servers.')

/** Shared logic; subclasses decide where the array of profiles is persisted. */
export abstract class BaseServerStore implements ServerStore {
  protected constructor(protected readonly now: () => number) {}

  protected abstract load(): ServerProfile[]
  protected abstract save(profiles: ServerProfile[]): Promise<void>

  list(): ServerProfile[] {
    return this.load()
      .map((p) => ({ ...p }))
      .sort((a, b) => a.name.localeCompare(b.name))
  }

  get(id: string): ServerProfile | undefined {
    const p = this.load().find((x) => x.id === id)
    return p ? { ...p } : undefined
  }

  getByName(name: string): ServerProfile | undefined {
    const key = name.trim().toLowerCase()
    const p = this.load().find((x) => x.name.toLowerCase() === key)
    return p ? { ...p } : undefined
  }

  async add(input: NewServerProfile): Promise<ServerProfile> {
    const valid = validateNewServer(input)
    const all = this.load()
    this.assertNameFree(all, valid.name)
    const now = this.now()
    const profile: ServerProfile = {
      id: globalThis.crypto.randomUUID(),
      ...valid,
      createdAt: now,
      updatedAt: now
    }
    await this.save([...all, profile])
    return { ...profile }
  }

  async update(id: string, patch: ServerPatch): Promise<ServerProfile> {
    const valid = validateServerPatch(patch)
    const all = this.load()
    const current = all.find((x) => x.id === id)
    if (!current) throw notFound()
    if (valid.name !== undefined) this.assertNameFree(all, valid.name, id)
    const type = valid.type ?? current.type
    if (type !== current.type && !(isEnrollmentType(type) && isEnrollmentType(current.type))) {
      throw new AppError(
        'INVALID_INPUT',
        `A ${current.type} server cannot become a ${type} server: they work differently. Add a new server of that type instead.`
      )
    }
    if (type === 'barycenter' && valid.token !== undefined && valid.token !== '') {
      throw new AppError('INVALID_INPUT', "Barycenter's admin API takes no access token.")
    }
    if (isEnrollmentType(type) && valid.token === '') {
      throw new AppError(
        'INVALID_INPUT',
        'The access token is empty. Paste the token exactly as the server issued it.'
      )
    }
    if (type !== 'mithril' && valid.mithril !== undefined) {
      throw new AppError('INVALID_INPUT', 'Email and client ID are only for Mithril servers.')
    }
    const { mithril: mPatch, ...rest } = valid
    const next: ServerProfile = { ...current, ...rest, updatedAt: this.now() }
    // Another address or type may be another server generation: learn its code format again.
    const moved =
      (valid.baseUrl !== undefined && valid.baseUrl !== current.baseUrl) ||
      (valid.type !== undefined && valid.type !== current.type)
    if (moved && patch.codeFormat === undefined) delete next.codeFormat
    if (type === 'mithril' && current.mithril) {
      const merged = { ...current.mithril, ...mPatch }
      const fields = {
        ...normalizeMithrilFields(merged),
        ...(merged.grantPath ? { grantPath: merged.grantPath } : {})
      }
      if (moved && mPatch?.grantPath === undefined) delete fields.grantPath
      next.mithril = fields
      // The access token belonged to the old account or server: sign in again.
      const otherAccount = fields.email.toLowerCase() !== current.mithril.email.toLowerCase()
      if ((moved || otherAccount) && valid.token === undefined) next.token = ''
    }
    await this.save(all.map((x) => (x.id === id ? next : x)))
    return { ...next }
  }

  async remove(id: string): Promise<void> {
    const all = this.load()
    if (!all.some((x) => x.id === id)) throw notFound()
    await this.save(all.filter((x) => x.id !== id))
  }

  private assertNameFree(all: ServerProfile[], name: string, exceptId?: string): void {
    const key = name.toLowerCase()
    if (all.some((x) => x.id !== exceptId && x.name.toLowerCase() === key)) {
      throw new AppError(
        'DUPLICATE',
        `A server named "${name}" already exists. Pick another name or edit that server.`
      )
    }
  }
}

/**
 * Keeps profiles, tokens included, in the encrypted vault's `servers` collection. Reads go to
 * the vault each time so there is one source of truth. A collection that does not parse is
 * reported as VAULT_CORRUPT rather than silently dropped.
 */
export class VaultServerStore extends BaseServerStore {
  constructor(
    private readonly vault: VaultCollections,
    now: () => number = Date.now
  ) {
    super(now)
  }

  protected load(): ServerProfile[] {
    const raw = this.vault.readCollection(SERVERS_COLLECTION)
    const parsed = z.array(profileSchema).safeParse(raw)
    if (!parsed.success) {
      throw new AppError(
        'VAULT_CORRUPT',
        'The saved server profiles could not be read. Restore the vault from a backup or re-add the servers.'
      )
    }
    return parsed.data
  }

  protected async save(profiles: ServerProfile[]): Promise<void> {
    await this.vault.writeCollection(SERVERS_COLLECTION, profiles)
  }
}
