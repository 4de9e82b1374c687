// Development/test bootstrap for the image worker: when Tessera runs from TypeScript sources
// (vitest, tsx), worker threads do not inherit tsx's loader, so load worker.ts through its API.
// The built app starts its compiled worker entry directly and never uses this file.
const { tsImport } = await import('tsx/esm/api')
await tsImport('./worker.ts', import.meta.url)
