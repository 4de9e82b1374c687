/**
 * The quick pass of the property-based fuzz targets (test/fuzz/targets.ts): a few hundred cases
 * per target from a fixed seed, so `npm test` stays deterministic and takes seconds. `npm run
 * fuzz` runs 100,000 per target from a random seed; TESSERA_FUZZ_SEED here replays a seed.
 */
import { describe, expect, it } from 'vitest'
import { runTarget } from '../../fuzz/harness'
import { allTargets } from '../../fuzz/targets'

const SEED = Number(process.env.TESSERA_FUZZ_SEED ?? 0x14b)

describe(`fuzz quick pass (seed ${SEED})`, () => {
  for (const target of allTargets()) {
    it(`${target.name}: ${target.about}`, async () => {
      const runs = target.quickRuns ?? 100
      const r = await runTarget(target, { numRuns: runs, seed: SEED, caseBudgetMs: 5_000 })
      expect(r.failure, r.failure).toBeUndefined()
      expect(r.cases).toBe(runs)
    }, 60_000)
  }
})
