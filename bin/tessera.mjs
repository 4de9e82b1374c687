#!/usr/bin/env node
// `tessera` from a checkout: tsx's ESM API registers a loader for this process only and the
// TypeScript entry runs as is, so there is no build step to forget and no stale bundle. The
// loader is scoped (tsImport), so nothing else in the process is affected.
import { tsImport } from 'tsx/esm/api'

await tsImport('../src/cli/main.ts', import.meta.url)
