/**
 * Barycenter's admin GraphQL (`POST /admin/jobs`) in the reference server: `user2faStatus` and
 * `setUser2faRequired`, with the current server's quirks: no authentication at all, an unknown
 * user is a GraphQL error (`data: null`), `passkeyEnrolled` is always false (count passkeys with
 * `passkeyCount`), `passkeyEnrolledAt` is a number (Unix seconds) or null.
 */
export interface BarycenterUser {
  username: string
  subject: string
  requires2fa: boolean
  passkeyCount: number
  passkeyEnrolledAt: number | null
}

export interface BarycenterState {
  users: Map<string, BarycenterUser>
  /** Every setUser2faRequired that changed or re-set a user, in order. */
  mutations: Array<{ username: string; required: boolean }>
  addUser(u: Partial<BarycenterUser> & { username: string }): BarycenterUser
}

interface Reply {
  status: number
  body?: unknown
}

export const BARYCENTER_ROUTE = 'barycenter.jobs' as const

export function createBarycenter(): {
  state: BarycenterState
  handle: (body: unknown) => Reply
} {
  const users = new Map<string, BarycenterUser>()
  const mutations: BarycenterState['mutations'] = []
  let n = 0
  const state: BarycenterState = {
    users,
    mutations,
    addUser(u) {
      n += 1
      const user: BarycenterUser = {
        subject: `sub-${n.toString(16).padStart(8, '0')}`,
        requires2fa: false,
        passkeyCount: 0,
        passkeyEnrolledAt: null,
        ...u
      }
      users.set(user.username, user)
      return user
    }
  }
  const gqlError = (message: string): Reply => ({
    status: 200,
    body: { data: null, errors: [{ message, locations: [], path: [] }] }
  })
  const handle = (body: unknown): Reply => {
    const b = body as { query?: unknown; variables?: Record<string, unknown> } | undefined
    if (!b || typeof b.query !== 'string') {
      return { status: 400, body: { errors: [{ message: 'Missing query' }] } }
    }
    const vars = b.variables ?? {}
    const username = vars.username
    if (b.query.includes('setUser2faRequired')) {
      if (typeof username !== 'string' || typeof vars.required !== 'boolean') {
        return gqlError('Invalid value for argument "username" or "required"')
      }
      const u = users.get(username)
      if (!u) return gqlError(`User not found: ${username}`)
      u.requires2fa = vars.required
      mutations.push({ username, required: vars.required })
      return {
        status: 200,
        body: {
          data: {
            setUser2faRequired: {
              success: true,
              message: `2FA requirement ${vars.required ? 'enabled' : 'disabled'} for ${username}`,
              username,
              requires2fa: u.requires2fa
            }
          }
        }
      }
    }
    if (b.query.includes('user2faStatus')) {
      if (typeof username !== 'string') return gqlError('Invalid value for argument "username"')
      const u = users.get(username)
      if (!u) return gqlError(`User not found: ${username}`)
      return {
        status: 200,
        body: {
          data: {
            user2faStatus: {
              username: u.username,
              subject: u.subject,
              requires2fa: u.requires2fa,
              // Always false in the current server, whatever the passkeys.
              passkeyEnrolled: false,
              passkeyCount: u.passkeyCount,
              passkeyEnrolledAt: u.passkeyEnrolledAt
            }
          }
        }
      }
    }
    return gqlError('Unknown field')
  }
  return { state, handle }
}
