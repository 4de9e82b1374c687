import { randomBytes, randomUUID } from 'node:crypto'
import { AppError } from '../../../shared/errors'
import type { NewAccount } from '../../../shared/model'
import { aesGcmSeal, scryptKey } from '../import/crypto'

/** What an export needs of an account; both `Account` and `NewAccount` fit. */
export type ExportableAccount = Pick<NewAccount, 'issuer' | 'label' | 'otp'> &
  Partial<Pick<NewAccount, 'tags' | 'favorite' | 'note'>>

/** Aegis' own defaults for new password slots (docs/vault.md). */
export const AEGIS_SCRYPT = { n: 2 ** 15, r: 8, p: 1 } as const

function info(a: ExportableAccount): Record<string, unknown> {
  const o = a.otp
  switch (o.type) {
    case 'hotp':
      return { secret: o.secret, algo: o.algorithm, digits: o.digits, counter: o.counter }
    case 'motp':
      return { secret: o.secret, algo: 'MD5', digits: 6, period: o.period, pin: o.pin ?? '' }
    case 'yandex':
      return { secret: o.secret, algo: 'SHA256', digits: 8, period: o.period, pin: o.pin ?? '' }
    case 'steam':
      return { secret: o.secret, algo: 'SHA1', digits: 5, period: o.period }
    default:
      return { secret: o.secret, algo: o.algorithm, digits: o.digits, period: o.period }
  }
}

/**
 * The vault content Aegis stores inside `db` (content version 3): entries plus groups. Tessera's
 * tags become Aegis groups (one group per distinct tag name).
 */
export function aegisContent(accounts: ExportableAccount[]): Record<string, unknown> {
  const groups = new Map<string, string>()
  for (const a of accounts)
    for (const t of a.tags ?? []) if (!groups.has(t)) groups.set(t, randomUUID())
  return {
    version: 3,
    entries: accounts.map((a) => ({
      type: a.otp.type,
      uuid: randomUUID(),
      name: a.label,
      issuer: a.issuer,
      note: a.note ?? '',
      favorite: a.favorite ?? false,
      icon: null,
      info: info(a),
      groups: (a.tags ?? []).map((t) => groups.get(t))
    })),
    groups: [...groups].map(([name, uuid]) => ({ uuid, name })),
    icons_optimized: true
  }
}

/**
 * Exports accounts as an Aegis vault file (file version 1, content version 3) that Aegis itself
 * imports. With a password: one scrypt password slot (N=2^15, r=8, p=1) wrapping a random
 * 256-bit master key with AES-256-GCM, and the content encrypted under that key, exactly as
 * Aegis writes it. Without one: the plain vault, which holds every secret in the clear (the UI
 * must warn before writing it).
 *
 * @throws AppError INVALID_INPUT when `password` is given but empty.
 */
export async function exportAegisVault(
  accounts: ExportableAccount[],
  options: { password?: string } = {}
): Promise<string> {
  const content = aegisContent(accounts)
  if (options.password === undefined) {
    return JSON.stringify(
      { version: 1, header: { slots: null, params: null }, db: content },
      null,
      4
    )
  }
  if (options.password === '') {
    throw new AppError(
      'INVALID_INPUT',
      'Choose a password for the encrypted export (it cannot be empty).'
    )
  }
  const masterKey = randomBytes(32)
  const salt = randomBytes(32)
  const { n, r, p } = AEGIS_SCRYPT
  const derived = await scryptKey('Aegis', Buffer.from(options.password, 'utf8'), salt, n, r, p)
  const slotNonce = randomBytes(12)
  const wrapped = aesGcmSeal(derived, slotNonce, masterKey)
  const dbNonce = randomBytes(12)
  const sealed = aesGcmSeal(masterKey, dbNonce, Buffer.from(JSON.stringify(content), 'utf8'))
  masterKey.fill(0)
  const file = {
    version: 1,
    header: {
      slots: [
        {
          type: 1,
          uuid: randomUUID(),
          key: wrapped.ciphertext.toString('hex'),
          key_params: { nonce: slotNonce.toString('hex'), tag: wrapped.tag.toString('hex') },
          n,
          r,
          p,
          salt: salt.toString('hex'),
          repaired: true,
          is_backup: false
        }
      ],
      params: { nonce: dbNonce.toString('hex'), tag: sealed.tag.toString('hex') }
    },
    db: sealed.ciphertext.toString('base64')
  }
  return JSON.stringify(file, null, 4)
}
