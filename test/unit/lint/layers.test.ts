/**
 * The layering rules (GUIDE.md "Layout") are enforced by ESLint. Each case lints a deliberately
 * bad file placed (by path only; nothing is written) in one layer and expects the layer rule to
 * fire; the good files in each layer must pass.
 */
import { join } from 'node:path'
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../../helpers/corpora'

let eslint: ESLint

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot })
})

async function lint(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, file) })
  if (!result) throw new Error('ESLint returned no result')
  return result.messages
}

async function layerViolations(file: string, code: string): Promise<string[]> {
  return (await lint(file, code))
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message)
}

const bad: [layer: string, file: string, code: string][] = [
  [
    'shared → node:fs',
    'src/shared/bad.ts',
    "import { readFileSync } from 'node:fs'\nexport const x = readFileSync"
  ],
  ['shared → bare fs', 'src/shared/bad.ts', "import fs from 'fs/promises'\nexport const x = fs"],
  [
    'shared → electron',
    'src/shared/ipc/bad.ts',
    "import { ipcMain } from 'electron'\nexport const x = ipcMain"
  ],
  [
    'shared → react',
    'src/shared/bad.ts',
    "import { useState } from 'react'\nexport const x = useState"
  ],
  [
    'shared → zustand',
    'src/shared/bad.ts',
    "import { create } from 'zustand'\nexport const x = create"
  ],
  [
    'shared → main code',
    'src/shared/bad.ts',
    "import { codeView } from '../main/core/otp'\nexport const x = codeView"
  ],
  [
    'shared/ipc → main code',
    'src/shared/ipc/bad.ts',
    "import type { HandlerTable } from '../../main/handlers'\nexport type X = HandlerTable"
  ],
  [
    'shared → renderer',
    'src/shared/bad.ts',
    "import { api } from '../renderer/src/api'\nexport const x = api"
  ],
  [
    'core → electron',
    'src/main/core/otp/bad.ts',
    "import { app } from 'electron'\nexport const x = app"
  ],
  [
    'core → electron/main',
    'src/main/core/bad.ts',
    "import { app } from 'electron/main'\nexport const x = app"
  ],
  [
    'core → the shell',
    'src/main/core/vault/bad.ts',
    "import { registerIpc } from '../../app/ipc'\nexport const x = registerIpc"
  ],
  [
    'core → the ports',
    'src/main/core/qr/bad.ts',
    "import type { ScanPorts } from '../../ports'\nexport type X = ScanPorts"
  ],
  [
    'ports → electron',
    'src/main/ports/bad.ts',
    "import type { Clipboard } from 'electron'\nexport type X = Clipboard"
  ],
  [
    'ports → the handlers',
    'src/main/ports/bad.ts',
    "import type { HandlerTable } from '../handlers'\nexport type X = HandlerTable"
  ],
  [
    'ports → the shell',
    'src/main/ports/bad.ts',
    "import { registerIpc } from '../app/ipc'\nexport const x = registerIpc"
  ],
  [
    'compose → electron',
    'src/main/compose.ts',
    "import { clipboard } from 'electron'\nexport const x = clipboard"
  ],
  [
    'compose → the shell',
    'src/main/compose.ts',
    "import { createAutoClearingClipboard } from './app/clipboard'\nexport const x = createAutoClearingClipboard"
  ],
  [
    'handlers → electron',
    'src/main/handlers/bad.ts',
    "import { dialog } from 'electron'\nexport const x = dialog"
  ],
  [
    'handler table → electron',
    'src/main/handlers.ts',
    "import { ipcMain } from 'electron'\nexport const x = ipcMain"
  ],
  [
    'handlers → the shell',
    'src/main/handlers/bad.ts',
    "import { createElectronDialogs } from '../app/dialogs'\nexport const x = createElectronDialogs"
  ],
  [
    'handler table → the shell',
    'src/main/handlers.ts',
    "import { registerIpc } from './app/ipc'\nexport const x = registerIpc"
  ],
  [
    'cli → electron',
    'src/cli/commands/bad.ts',
    "import { clipboard } from 'electron'\nexport const x = clipboard"
  ],
  [
    'cli → the app shell',
    'src/cli/bad.ts',
    "import { createAutoClearingClipboard } from '../main/app/clipboard'\nexport const x = createAutoClearingClipboard"
  ],
  [
    'renderer → main',
    'src/renderer/src/bad.ts',
    "import { createHandlers } from '../../main/handlers'\nexport const x = createHandlers"
  ],
  [
    'renderer (deep) → main types',
    'src/renderer/src/features/codes/bad.tsx',
    "import type { Account } from '../../../../main/core/accounts/store'\nexport type X = Account"
  ],
  [
    'renderer → node:path',
    'src/renderer/src/bad.ts',
    "import { join } from 'node:path'\nexport const x = join"
  ],
  [
    'renderer → node:crypto',
    'src/renderer/src/bad.ts',
    "import { randomBytes } from 'node:crypto'\nexport const x = randomBytes"
  ],
  [
    'renderer → electron',
    'src/renderer/src/bad.ts',
    "import { ipcRenderer } from 'electron'\nexport const x = ipcRenderer"
  ],
  ['renderer → preload', 'src/renderer/src/bad.ts', "import '../../preload/index'\nexport {}"],
  [
    'preload → main',
    'src/preload/bad.ts',
    "import { createHandlers } from '../main/handlers'\nexport const x = createHandlers"
  ],
  [
    'preload → node:fs',
    'src/preload/bad.ts',
    "import { readFileSync } from 'node:fs'\nexport const x = readFileSync"
  ]
]

describe('the preload bundles no zod', () => {
  it.each([
    [
      'the contract (values)',
      "import { createTesseraApi } from '../shared/ipc'\nexport const x = createTesseraApi"
    ],
    [
      'a domain file',
      "import { vaultChannels } from '../shared/ipc/vault'\nexport const x = vaultChannels"
    ],
    ['zod', "import { z } from 'zod'\nexport const x = z"]
  ])('refuses %s', async (_what, code) => {
    const messages = (await lint('src/preload/index.ts', code)).filter(
      (m) => m.ruleId === '@typescript-eslint/no-restricted-imports'
    )
    expect(messages.length, code).toBeGreaterThan(0)
  })
})

describe('layering rules fire on bad imports', () => {
  it.each(bad)('%s', async (_layer, file, code) => {
    const messages = await layerViolations(file, code)
    expect(messages.length, `${file}\n${code}`).toBeGreaterThan(0)
  })
})

const good: [layer: string, file: string, code: string][] = [
  [
    'shared → shared and zod',
    'src/shared/ipc/good.ts',
    "import { z } from 'zod'\nimport type { Result } from '../errors'\nexport const s = z.string()\nexport type R = Result<string>"
  ],
  [
    'core → node and shared',
    'src/main/core/otp/good.ts',
    "import { createHmac } from 'node:crypto'\nimport { AppError } from '../../../shared/errors'\nimport { applyPatch } from '../accounts/store'\nexport const x = [createHmac, AppError, applyPatch]"
  ],
  [
    'ports → core types',
    'src/main/ports/good.ts',
    "import type { ScreenCapturer } from '../core/qr'\nexport type X = ScreenCapturer"
  ],
  [
    'compose → core, handlers and ports',
    'src/main/compose.ts',
    "import { ImportSessions } from './core/import'\nimport { createHandlers } from './handlers'\nimport type { ClipboardPort } from './ports'\nexport type C = ClipboardPort\nexport const x = [ImportSessions, createHandlers]"
  ],
  [
    'handlers → core, shared and ports',
    'src/main/handlers/good.ts',
    "import { AppError } from '../../shared/errors'\nimport { ImportSessions } from '../core/import'\nimport type { FileDialogs } from '../ports'\nexport type F = FileDialogs\nexport const x = [AppError, ImportSessions]"
  ],
  [
    'cli → core and shared',
    'src/cli/commands/good.ts',
    "import { Vault } from '../../main/core/vault'\nimport { AppError } from '../../shared/errors'\nexport const x = [Vault, AppError]"
  ],
  [
    'app → electron and core',
    'src/main/app/good.ts',
    "import { app } from 'electron'\nimport { codeView } from '../core/otp'\nexport const x = [app, codeView]"
  ],
  [
    'renderer → shared, react, itself',
    'src/renderer/src/features/codes/good.tsx',
    "import { useState } from 'react'\nimport type { CodeView } from '../../../../shared/model'\nimport { api } from '../../api'\nexport type C = CodeView\nexport const x = [useState, api]"
  ],
  [
    'preload → electron and shared',
    'src/preload/good.ts',
    "import { contextBridge } from 'electron'\nimport type { Channels } from '../shared/ipc'\nimport { buildApi } from '../shared/ipc/contract'\nexport type C = Channels\nexport const x = [contextBridge, buildApi]"
  ]
]

describe('good files pass', () => {
  it.each(good)('%s', async (_layer, file, code) => {
    const messages = await lint(file, code)
    expect(messages.map((m) => `${m.ruleId}: ${m.message}`)).toEqual([])
  })
})

describe('other rules', () => {
  it('makes `any` an error', async () => {
    const messages = await lint('src/main/core/otp/bad.ts', 'export const x = (v: any) => v\n')
    expect(
      messages.some((m) => m.ruleId === '@typescript-eslint/no-explicit-any' && m.severity === 2)
    ).toBe(true)
  })

  it('applies the rules of hooks in the renderer', async () => {
    const code =
      "import { useState } from 'react'\nexport function C(p: { on: boolean }) {\n  if (p.on) useState(0)\n  return null\n}\n"
    const messages = await lint('src/renderer/src/bad.tsx', code)
    expect(messages.some((m) => m.ruleId === 'react-hooks/rules-of-hooks')).toBe(true)
  })
})

/**
 * The type-aware rules (eslint.typed.config.js) need the TypeScript program, so they lint text
 * in place of a real file of each project (node and web): the rule must fire on a dropped
 * promise and stay quiet on the same code with the promise handled.
 */
describe('type-aware rules', () => {
  let typed: ESLint
  beforeAll(() => {
    typed = new ESLint({ cwd: repoRoot, overrideConfigFile: 'eslint.typed.config.js' })
  })

  const typedRules = async (file: string, code: string) => {
    const [result] = await typed.lintText(code, { filePath: join(repoRoot, file) })
    if (!result) throw new Error('ESLint returned no result')
    return result.messages.map((m) => `${m.ruleId}: ${m.message}`)
  }

  const dropped =
    'export async function save(): Promise<number> {\n  return 1\n}\nexport function onClick(): void {\n  save()\n}\n'
  const handled = dropped.replace('  save()', '  void save()')

  // The first lint of a project builds its whole TypeScript program: slow on a busy machine.
  it.each([
    ['main', 'src/main/core/clock/offset.ts'],
    ['renderer', 'src/renderer/src/api.ts']
  ])('no-floating-promises fires in %s', { timeout: 300_000 }, async (_where, file) => {
    expect((await typedRules(file, dropped)).join('\n')).toMatch(
      /^@typescript-eslint\/no-floating-promises/
    )
    expect(await typedRules(file, handled)).toEqual([])
  })
})
