import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { exportAegisVault } from '../../../src/main/core/export'
import { importFile } from '../../../src/main/core/import'
import { readCorpus } from '../../helpers/corpora'

/*
 * Our Aegis export read by an independent implementation of Aegis' documented format
 * (docs/vault.md): Python's hashlib.scrypt and the `cryptography` package's AES-GCM, not our
 * code. Needs python3 with `cryptography` (Debian: python3-cryptography); skipped with the
 * reason printed otherwise.
 */

const DECRYPT = `
import json, sys, hashlib, base64
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
v = json.loads(sys.stdin.read())
password = sys.argv[1].encode('utf-8')
slot = [s for s in v['header']['slots'] if s['type'] == 1][0]
key = hashlib.scrypt(password, salt=bytes.fromhex(slot['salt']), n=slot['n'], r=slot['r'], p=slot['p'], dklen=32, maxmem=2**27)
kp = slot['key_params']
master = AESGCM(key).decrypt(bytes.fromhex(kp['nonce']), bytes.fromhex(slot['key']) + bytes.fromhex(kp['tag']), None)
p = v['header']['params']
print(AESGCM(master).decrypt(bytes.fromhex(p['nonce']), base64.b64decode(v['db']) + bytes.fromhex(p['tag']), None).decode('utf-8'))
`

/** The first python3 that has `cryptography`: the one on PATH, else Debian's own. */
function findPython(): { python: string; missing: null } | { python: null; missing: string } {
  for (const python of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(python, ['-c', 'import cryptography'], { encoding: 'utf8' })
    if (!r.error && r.status === 0) return { python, missing: null }
  }
  return {
    python: null,
    missing:
      'no python3 with the "cryptography" package (Debian: apt-get install python3-cryptography)'
  }
}

const { python, missing } = findPython()
if (missing) console.log(`skipping the independent Aegis decrypt check: ${missing}`)

describe.skipIf(missing !== null)('Aegis export, read by an independent decryptor', () => {
  it('decrypts with a non-ASCII password to content v3 holding every entry, group and note', async () => {
    const { accounts } = await importFile(readCorpus('aegis', 'importers', 'aegis_plain.json'))
    accounts[0]!.tags = ['Work']
    accounts[0]!.note = 'desk token'
    accounts[1]!.favorite = true
    const file = await exportAegisVault(accounts, { password: 'pässwörd ✓' })
    const r = spawnSync(python ?? 'python3', ['-c', DECRYPT, 'pässwörd ✓'], {
      input: file,
      encoding: 'utf8'
    })
    expect(r.status, r.stderr).toBe(0)
    const db = JSON.parse(r.stdout) as {
      version: number
      groups: { uuid: string; name: string }[]
      entries: {
        name: string
        issuer: string
        note: string
        favorite: boolean
        groups: string[]
        info: { secret: string }
      }[]
    }
    expect(db.version).toBe(3)
    expect(db.entries.map((e) => `${e.issuer}/${e.name}/${e.info.secret}`)).toEqual(
      accounts.map((a) => `${a.issuer}/${a.label}/${a.otp.secret}`)
    )
    expect(db.groups.map((g) => g.name)).toEqual(['Work'])
    expect(db.entries[0]).toMatchObject({ note: 'desk token', groups: [db.groups[0]!.uuid] })
    expect(db.entries[1]!.favorite).toBe(true)
    const wrong = spawnSync(python ?? 'python3', ['-c', DECRYPT, 'password'], {
      input: file,
      encoding: 'utf8'
    })
    expect(wrong.status).not.toBe(0)
  })
})
