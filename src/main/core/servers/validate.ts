import { AppError } from '../../../shared/errors'
import {
  CODE_FORMATS,
  MITHRIL_GRANT_PATHS,
  SERVER_TYPES,
  type MithrilProfileFields,
  type NewServerProfile,
  type ServerPatch,
  type ServerType
} from './model'

const NAME_MAX = 64
const TOKEN_MAX = 8192

/**
 * True for addresses that never leave this machine: `localhost`, `127.0.0.0/8` and `::1`.
 * Plain http is allowed only for these (the reference server and tests use them).
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '')
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
}

/**
 * Checks and normalises a server's base URL. https is required; plain http is accepted only for
 * loopback addresses. Throws INVALID_INPUT for something that is not a URL and INSECURE_URL for
 * http to another host. Returns the URL without a trailing slash, query or fragment.
 */
export function normalizeBaseUrl(input: string): string {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    throw new AppError(
      'INVALID_INPUT',
      'That server address is not a valid URL. Enter it like https://cloud.example.org.'
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('INVALID_INPUT', 'The server address must start with https://.')
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new AppError(
      'INSECURE_URL',
      'Tessera only talks to 2FA servers over https. Use the https:// address of the server.'
    )
  }
  if (url.username || url.password) {
    throw new AppError(
      'INVALID_INPUT',
      'Remove the user name and password from the server address; the access token is stored separately.'
    )
  }
  if (url.search || url.hash) {
    throw new AppError(
      'INVALID_INPUT',
      'The server address must not contain "?" or "#". Enter only the base address.'
    )
  }
  const path = url.pathname.replace(/\/+$/, '')
  return `${url.protocol}//${url.host}${path}`
}

/** Checks a profile name: 1-64 printable characters, trimmed. Throws INVALID_INPUT. */
export function normalizeName(input: string): string {
  const name = input.trim()
  // eslint-disable-next-line no-control-regex
  if (name.length === 0 || name.length > NAME_MAX || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new AppError(
      'INVALID_INPUT',
      `Give the server a name of 1 to ${NAME_MAX} characters without control characters.`
    )
  }
  return name
}

/** Checks an access token: non-empty, no whitespace inside. Throws INVALID_INPUT. */
export function normalizeToken(input: string): string {
  const token = input.trim()
  if (token.length === 0 || token.length > TOKEN_MAX || /\s/.test(token)) {
    throw new AppError(
      'INVALID_INPUT',
      'The access token is empty or contains spaces. Paste the token exactly as the server issued it.'
    )
  }
  return token
}

export function normalizeType(input: string): ServerType {
  if ((SERVER_TYPES as readonly string[]).includes(input)) return input as ServerType
  throw new AppError(
    'INVALID_INPUT',
    `Unknown server type "${input}". Choose one of: ${SERVER_TYPES.join(', ')}.`
  )
}

/** The scope a Mithril password grant asks for when the profile does not say. */
export const MITHRIL_DEFAULT_SCOPE = 'app:authorize'

const EMAIL_MAX = 254
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

/** Checks a Mithril sign-in email. Throws INVALID_INPUT. */
export function normalizeEmail(input: string): string {
  const email = input.trim()
  if (email.length > EMAIL_MAX || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw new AppError(
      'INVALID_INPUT',
      'Enter the email you sign in to the Mithril server with, like name@example.org.'
    )
  }
  return email
}

function normalizeClientId(input: string): string {
  const id = input.trim()
  if (id.length === 0 || id.length > 256 || /\s/.test(id) || CONTROL.test(id)) {
    throw new AppError(
      'INVALID_INPUT',
      'Enter the client ID your Mithril administrator gave you for Tessera (no spaces).'
    )
  }
  return id
}

function normalizeScope(input: string | undefined): string {
  const scope = (input ?? '').trim().replace(/\s+/g, ' ')
  if (scope === '') return MITHRIL_DEFAULT_SCOPE
  if (scope.length > 1024 || CONTROL.test(scope)) {
    throw new AppError('INVALID_INPUT', 'The scope is too long or contains control characters.')
  }
  return scope
}

/** Checks the Mithril fields of a new profile. Throws INVALID_INPUT. */
export function normalizeMithrilFields(
  input: Partial<MithrilProfileFields> | undefined
): Omit<MithrilProfileFields, 'grantPath'> {
  if (!input || input.email === undefined || input.clientId === undefined) {
    throw new AppError(
      'INVALID_INPUT',
      'A Mithril server needs the email you sign in with and the client ID (--email, --client-id).'
    )
  }
  return {
    email: normalizeEmail(input.email),
    clientId: normalizeClientId(input.clientId),
    scope: normalizeScope(input.scope)
  }
}

/**
 * The token rule of each type: UCloud and Vantage need one; a Mithril profile may start without
 * (its sign-in fetches one); Barycenter's admin API has no authentication, so a token there is
 * refused rather than kept where it would never be used.
 */
export function normalizeTokenFor(type: ServerType, token: string | undefined): string {
  const t = (token ?? '').trim()
  if (type === 'barycenter') {
    if (t !== '') {
      throw new AppError(
        'INVALID_INPUT',
        "Barycenter's admin API takes no access token. Leave the token out."
      )
    }
    return ''
  }
  if (type === 'mithril' && t === '') return ''
  return normalizeToken(t)
}

/** Validates and normalises a whole new profile. */
export function validateNewServer(
  input: NewServerProfile
): Omit<NewServerProfile, 'mithril'> & { mithril?: Omit<MithrilProfileFields, 'grantPath'> } {
  const type = normalizeType(input.type)
  const out: ReturnType<typeof validateNewServer> = {
    name: normalizeName(input.name),
    type,
    baseUrl: normalizeBaseUrl(input.baseUrl),
    token: normalizeTokenFor(type, input.token)
  }
  if (type === 'mithril') out.mithril = normalizeMithrilFields(input.mithril)
  else if (input.mithril !== undefined) {
    throw new AppError('INVALID_INPUT', 'Email and client ID are only for Mithril servers.')
  }
  return out
}

/** Validates and normalises the fields present in a patch. */
export function validateServerPatch(patch: ServerPatch): ServerPatch {
  const out: ServerPatch = {}
  if (patch.name !== undefined) out.name = normalizeName(patch.name)
  if (patch.type !== undefined) out.type = normalizeType(patch.type)
  if (patch.baseUrl !== undefined) out.baseUrl = normalizeBaseUrl(patch.baseUrl)
  // '' clears a token; the store allows that only where a profile may have none.
  if (patch.token !== undefined) {
    out.token = patch.token.trim() === '' ? '' : normalizeToken(patch.token)
  }
  if (patch.mithril !== undefined) {
    const m: Partial<MithrilProfileFields> = {}
    if (patch.mithril.email !== undefined) m.email = normalizeEmail(patch.mithril.email)
    if (patch.mithril.clientId !== undefined) m.clientId = normalizeClientId(patch.mithril.clientId)
    if (patch.mithril.scope !== undefined) m.scope = normalizeScope(patch.mithril.scope)
    if (patch.mithril.grantPath !== undefined) {
      if (!(MITHRIL_GRANT_PATHS as readonly string[]).includes(patch.mithril.grantPath)) {
        throw new AppError('INVALID_INPUT', 'Unknown Mithril grant path.')
      }
      m.grantPath = patch.mithril.grantPath
    }
    out.mithril = m
  }
  if (patch.codeFormat !== undefined) {
    if (!(CODE_FORMATS as readonly string[]).includes(patch.codeFormat)) {
      throw new AppError('INVALID_INPUT', 'The code format must be "string" or "number".')
    }
    out.codeFormat = patch.codeFormat
  }
  return out
}
