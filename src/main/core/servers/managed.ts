/**
 * Server profiles under the managed policies: the one place that knows the rules for servers IT
 * preset with `EnrollmentServers` and for `AllowUserAddedServers`, so the app's handlers and
 * `tessera server` obey them alike.
 *
 * - Every preset is listed, marked `managed`: a stored profile with the preset's type and address
 *   carries the mark, and a preset the user has stored nothing for yet appears with the id
 *   `managed:<n>` (its place in the policy list).
 * - A preset's name, type and address cannot be changed and it cannot be removed
 *   (POLICY_FORBIDDEN with whom to ask). Its access token, and a Mithril sign-in's email and
 *   client ID, are the user's: storing them for a `managed:<n>` row creates its profile.
 * - With AllowUserAddedServers off, adding a server or editing one of the user's own is refused.
 */
import { AppError } from '../../../shared/errors'
import type { ManagedServer } from '../../../shared/policy'
import { assertUserServersAllowed, policyForbidden, type PolicyGetter } from '../policy/enforce'
import {
  toServerView,
  type NewServerProfile,
  type ServerPatch,
  type ServerProfile,
  type ServerView
} from './model'
import type { ServerStore } from './store'

/** The id a preset server has in the list until the user stores a token for it. */
export const PRESET_ID_PREFIX = 'managed:'

const sameUrl = (a: string, b: string): boolean =>
  a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase()

/** Whether a stored profile is the one IT preset (same type and address). */
export function isPresetProfile(p: { type: string; baseUrl: string }, m: ManagedServer): boolean {
  return p.type === m.type && sameUrl(p.baseUrl, m.url)
}

/** An edit of a profile: a field left out is kept (`token` left out keeps the stored one). */
export interface ServerEdit {
  name?: string
  type?: ServerProfile['type']
  baseUrl?: string
  token?: string
  mithril?: { email?: string; clientId?: string; scope?: string }
}

type MithrilEdit = NonNullable<ServerEdit['mithril']>

/**
 * The Mithril fields of an edit that were given, without `undefined` values (a field left out is
 * kept; with exactOptionalPropertyTypes an `undefined` would not type as "left out").
 */
export function givenMithrilFields(m: {
  [K in keyof MithrilEdit]?: MithrilEdit[K] | undefined
}): MithrilEdit {
  const out: MithrilEdit = {}
  if (m.email !== undefined) out.email = m.email
  if (m.clientId !== undefined) out.clientId = m.clientId
  if (m.scope !== undefined) out.scope = m.scope
  return out
}

/** Server profiles as the policies allow them to be seen and changed. */
export interface ManagedServerProfiles {
  /** Every profile and every preset, by name; presets marked `managed`. */
  list(): ServerView[]
  /** The row with this name (case-insensitive), a stored profile first, then a preset. */
  findByName(name: string): ServerView | undefined
  /** Adds a server of the user's own. POLICY_FORBIDDEN under AllowUserAddedServers=false. */
  add(input: NewServerProfile): Promise<ServerView>
  /**
   * Edits a profile, or stores the user's token for a preset (`managed:<n>`). Changing a
   * preset's name, type or address is POLICY_FORBIDDEN; so is editing the user's own server
   * under AllowUserAddedServers=false.
   */
  update(id: string, edit: ServerEdit): Promise<ServerView>
  /**
   * Removes a profile. POLICY_FORBIDDEN for a preset; NOT_FOUND when there is no such profile.
   * `check` runs on the profile first and may throw to refuse (an unfinished enrollment).
   */
  remove(id: string, check?: (profile: ServerProfile) => void): Promise<void>
}

/** Wraps `store` with the policy rules for servers; `policy` is read at every call. */
export function managedServerProfiles(
  store: ServerStore,
  policy: PolicyGetter
): ManagedServerProfiles {
  const presetFor = (
    id: string,
    presets: readonly ManagedServer[]
  ): { preset?: ManagedServer; stored?: ServerProfile } => {
    if (id.startsWith(PRESET_ID_PREFIX)) {
      const n = Number(id.slice(PRESET_ID_PREFIX.length))
      const preset = Number.isInteger(n) ? presets[n] : undefined
      if (!preset) {
        throw new AppError(
          'NOT_FOUND',
          'That server is no longer set up by your organization. Refresh the list of servers.'
        )
      }
      // A profile stored meanwhile (in another window, or by `tessera`) is the one to edit.
      const stored = store.list().find((p) => isPresetProfile(p, preset))
      return stored ? { preset, stored } : { preset }
    }
    const stored = store.get(id)
    const preset = stored && presets.find((m) => isPresetProfile(stored, m))
    return { ...(stored ? { stored } : {}), ...(preset ? { preset } : {}) }
  }

  const list = (): ServerView[] => {
    const presets = policy().values.EnrollmentServers
    const stored = store.list()
    const views: ServerView[] = stored.map((p) =>
      presets.some((m) => isPresetProfile(p, m))
        ? { ...toServerView(p), managed: true }
        : toServerView(p)
    )
    presets.forEach((m, i) => {
      if (stored.some((p) => isPresetProfile(p, m))) return
      views.push({
        id: `${PRESET_ID_PREFIX}${i}`,
        name: m.name,
        type: m.type,
        baseUrl: m.url,
        hasToken: false,
        managed: true,
        createdAt: 0,
        updatedAt: 0
      })
    })
    return views.sort((a, b) => a.name.localeCompare(b.name))
  }

  return {
    list,
    findByName(name) {
      const key = name.trim().toLowerCase()
      const rows = list().filter((v) => v.name.toLowerCase() === key)
      return rows.find((v) => !v.id.startsWith(PRESET_ID_PREFIX)) ?? rows[0]
    },
    async add(input) {
      assertUserServersAllowed(policy())
      return toServerView(await store.add(input))
    },
    async update(id, edit) {
      const snapshot = policy()
      const { preset, stored } = presetFor(id, snapshot.values.EnrollmentServers)
      if (preset) {
        const changes =
          (edit.name !== undefined && edit.name.trim() !== preset.name) ||
          (edit.type !== undefined && edit.type !== preset.type) ||
          (edit.baseUrl !== undefined && !sameUrl(edit.baseUrl.trim(), preset.url))
        if (changes) {
          throw policyForbidden(
            snapshot,
            'EnrollmentServers',
            `"${preset.name}" was set up by your organization; its name, type and address cannot be changed`
          )
        }
        if (!stored) {
          const token = edit.token?.trim() ?? ''
          if (token === '' && preset.type !== 'barycenter' && preset.type !== 'mithril') {
            throw new AppError('INVALID_INPUT', `Enter your access token for "${preset.name}".`)
          }
          const input: NewServerProfile = {
            name: preset.name,
            type: preset.type,
            baseUrl: preset.url,
            token
          }
          if (edit.mithril?.email !== undefined && edit.mithril.clientId !== undefined) {
            input.mithril = {
              email: edit.mithril.email,
              clientId: edit.mithril.clientId,
              ...(edit.mithril.scope !== undefined ? { scope: edit.mithril.scope } : {})
            }
          }
          return { ...toServerView(await store.add(input)), managed: true }
        }
      } else {
        assertUserServersAllowed(snapshot)
      }
      if (!stored) {
        throw new AppError(
          'NOT_FOUND',
          'That server profile no longer exists. Refresh the list of servers.'
        )
      }
      const patch: ServerPatch = {}
      // A preset keeps the name, type and address IT gave it: only the user's fields change.
      if (!preset) {
        if (edit.name !== undefined) patch.name = edit.name
        if (edit.type !== undefined) patch.type = edit.type
        if (edit.baseUrl !== undefined) patch.baseUrl = edit.baseUrl
      }
      if (edit.token !== undefined) patch.token = edit.token
      if (edit.mithril !== undefined) patch.mithril = givenMithrilFields(edit.mithril)
      const view = toServerView(await store.update(stored.id, patch))
      return preset ? { ...view, managed: true } : view
    },
    async remove(id, check) {
      const snapshot = policy()
      const { preset, stored } = presetFor(id, snapshot.values.EnrollmentServers)
      if (preset) {
        throw policyForbidden(
          snapshot,
          'EnrollmentServers',
          `"${preset.name}" was set up by your organization and cannot be removed`
        )
      }
      if (!stored) {
        throw new AppError(
          'NOT_FOUND',
          'That server profile no longer exists. Refresh the list of servers.'
        )
      }
      check?.(stored)
      await store.remove(stored.id)
    }
  }
}
