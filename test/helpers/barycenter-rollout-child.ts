/**
 * A rollout in its own process, so a test can kill it (SIGKILL) in the middle:
 * `node --import tsx test/helpers/barycenter-rollout-child.ts <adminUrl> <usersFile> <dir> <runId>`.
 */
import { readFileSync } from 'node:fs'
import { BarycenterAdmin } from '../../src/main/core/barycenter/client'
import { parseUsersFile, runRollout } from '../../src/main/core/barycenter/rollout'

const [url, usersFile, dir, runId] = process.argv.slice(2)
const admin = new BarycenterAdmin(url!)
const users = parseUsersFile(readFileSync(usersFile!, 'utf8'))
await runRollout({
  admin,
  users,
  dir: dir!,
  runId: runId!,
  onProgress: (p) => process.stdout.write(`${p.done}\n`)
})
process.stdout.write('finished\n')
