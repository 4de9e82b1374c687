// Adds accounts to a password vault one save at a time and prints `ack <id>` after each save
// returned. Used by the crash test (killed with SIGKILL at random) and the concurrency test.
import { MemoryKeychain } from '../../helpers/memory-keychain'
import { Vault } from '../../../src/main/core/vault'

const [dataDir = '', countText = '0', prefix = 'p'] = process.argv.slice(2)
const vault = new Vault({ dataDir, keychain: new MemoryKeychain() })
await vault.unlockWithPassword('pw')
process.stdout.write('ready\n')
for (let i = 0; i < Number(countText); i++) {
  const [a] = await vault.addMany([
    {
      issuer: `${prefix}-${i}`,
      label: `${prefix}${i}@example.com`,
      otp: {
        type: 'totp',
        secret: 'JBSWY3DPEHPK3PXP',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: 0
      }
    }
  ])
  process.stdout.write(`ack ${a!.id}\n`)
}
vault.lock()
