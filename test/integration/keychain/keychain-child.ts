// Runs one keychain scenario in its own process (D-Bus is read from this process's environment)
// and prints one JSON line: {ok:true,...} or {ok:false,error:{code,message}}.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Entry } from '@napi-rs/keyring'
import { AppError } from '../../../src/shared/errors'
import { KEYCHAIN_ENTRY_OPTIONS, OsKeychain } from '../../../src/main/core/keychain'
import { Vault } from '../../../src/main/core/vault'

const [scenario = '', dataDir = ''] = process.argv.slice(2)
const FAST = { n: 2 ** 10, r: 8, p: 1 }
const otp = {
  type: 'totp' as const,
  secret: 'JBSWY3DPEHPK3PXP',
  algorithm: 'SHA1' as const,
  digits: 6,
  period: 30,
  counter: 0
}

function out(v: unknown): void {
  process.stdout.write(JSON.stringify(v) + '\n')
}

function codeOf(fn: () => unknown): string {
  try {
    fn()
    return 'OK'
  } catch (err) {
    return err instanceof AppError ? err.code : 'THREW'
  }
}

async function main(): Promise<void> {
  const vault = new Vault({ dataDir, keychain: new OsKeychain(), keychainService: 'Tessera-test' })
  switch (scenario) {
    case 'create': {
      await vault.create({ keychain: true, password: 'vault-pw', scrypt: FAST })
      const added = await vault.addMany([{ issuer: 'ACME', label: 'alice', otp }])
      return out({ ok: true, ids: added.map((a) => a.id), status: await vault.status() })
    }
    case 'lock-unlock': {
      await vault.unlockWithKeychain()
      const before = vault.list().map((a) => a.id)
      vault.lock()
      const whileLocked = codeOf(() => vault.list())
      await vault.unlockWithKeychain()
      const [added] = await vault.addMany([{ issuer: 'Second', label: 'bob', otp }])
      return out({
        ok: true,
        before,
        whileLocked,
        after: vault.list().map((a) => a.id),
        added: added!.id
      })
    }
    case 'read': {
      await vault.unlockWithKeychain()
      return out({
        ok: true,
        accounts: vault.list().map((a) => ({ id: a.id, issuer: a.issuer, secret: a.otp.secret }))
      })
    }
    case 'add-via-keychain': {
      await vault.unlockWithKeychain()
      await vault.addMany([{ issuer: 'Never', label: 'saved', otp }])
      return out({ ok: true })
    }
    case 'read-via-password': {
      await vault.unlockWithPassword('vault-pw')
      return out({ ok: true, accounts: vault.list().map((a) => a.id) })
    }
    case 'corrupt-item': {
      // overwrite this vault's keychain item with text that is not a key
      const header = JSON.parse(readFileSync(join(dataDir, 'vault.json'), 'utf8')).header
      const slot = header.slots.find((x: { type: string }) => x.type === 'keychain')
      new Entry(slot.service, slot.account, KEYCHAIN_ENTRY_OPTIONS).setPassword('not a tessera key')
      return out({ ok: true })
    }
    case 'repair-keychain': {
      await vault.unlockWithPassword('vault-pw')
      await vault.enableKeychain('vault-pw')
      vault.lock()
      await vault.unlockWithKeychain()
      return out({ ok: true, accounts: vault.list().length })
    }
    case 'probe-store': {
      // How @napi-rs/keyring picks a Linux store: pinned vs its default auto-fallback.
      const probe = (options?: typeof KEYCHAIN_ENTRY_OPTIONS) => {
        try {
          const e = options
            ? new Entry('Tessera-probe', 'probe', options)
            : new Entry('Tessera-probe', 'probe')
          e.setPassword('x')
          const v = e.getPassword()
          e.deleteCredential()
          return { ok: true, value: v }
        } catch (err) {
          return { ok: false, message: err instanceof Error ? err.message : String(err) }
        }
      }
      return out({
        ok: true,
        pinned: probe(KEYCHAIN_ENTRY_OPTIONS),
        unpinned: probe(),
        keyutils: probe({ linux: { store: 'keyutils' } })
      })
    }
    default:
      throw new Error(`unknown scenario ${scenario}`)
  }
}

main().catch((err: unknown) => {
  if (err instanceof AppError) out({ ok: false, error: { code: err.code, message: err.message } })
  else
    out({
      ok: false,
      error: { code: 'THREW', message: err instanceof Error ? err.stack : String(err) }
    })
})
