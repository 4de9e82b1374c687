// @ts-check
/**
 * Lint, including the layering rules (GUIDE.md "Layout"): who may import what is checked here,
 * not remembered. test/unit/lint/layers.test.ts proves every layer rule fires.
 */
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const nodeNames = [...new Set(builtinModules.filter((m) => !m.startsWith('_')))]

/** `node:anything`, or a bare Node builtin (`fs`, `fs/promises`, `path`, ...). */
const NODE = {
  regex: `^(?:node:.*|(?:${nodeNames.map(escape).join('|')})(?:/.*)?)$`,
  message: 'Node built-ins belong in src/main; this layer must run without Node.'
}
const ELECTRON = {
  regex: '^electron(?:/.*)?$',
  message: 'Only src/main/app, src/main/index.ts and src/preload may import electron.'
}
const REACT = {
  regex: '^(?:react|react-dom|zustand)(?:/.*)?$',
  message: 'src/shared is pure TypeScript; React and state belong in src/renderer.'
}
/** A relative import that climbs into one of the named top-level folders of src/. */
const into = (folders, message) => ({
  regex: `^(?:\\.\\./)+(?:src/)?(?:${folders.join('|')})(?:/|$)`,
  message
})

/** One `no-restricted-imports` config per layer (the rule cannot be merged across configs). */
const layer = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] }
})

export default defineConfig(
  globalIgnores([
    'out/**',
    'dist/**',
    'node_modules/**',
    'test-results/**',
    'playwright-report/**',
    'coverage/**',
    '**/.tmp/**',
    // Generated code (protoc-gen-es and friends): regenerated, never edited by hand.
    '**/*.gen.ts',
    '**/*_pb.ts',
    '**/gen/**'
  ]),
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }
      ]
    }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    languageOptions: { globals: { ...globals.browser } }
  },
  {
    files: ['src/preload/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } }
  },

  // src/shared: imports nothing of ours outside shared, and no node/electron/react.
  layer(
    ['src/shared/**/*.{ts,tsx}'],
    [
      NODE,
      ELECTRON,
      REACT,
      into(['main', 'renderer', 'preload', 'cli', 'test'], 'src/shared imports only src/shared.')
    ]
  ),
  // src/main/core: never electron, never the shell or the handler table above it.
  layer(
    ['src/main/core/**/*.ts'],
    [
      ELECTRON,
      into(['renderer', 'preload', 'cli'], 'src/main/core must not depend on UI or entry points.'),
      {
        regex: '^(?:\\.\\./)+(?:app|handlers|ports|compose)(?:/|$)',
        message:
          'src/main/core must not import the Electron shell (src/main/app), the ports, the handlers or the composition.'
      }
    ]
  ),
  // src/main/ports: interfaces the shell implements; below the shell and the handlers.
  layer(
    ['src/main/ports/**/*.ts'],
    [
      ELECTRON,
      into(['renderer', 'preload', 'cli'], 'src/main/ports must not depend on UI or entry points.'),
      {
        regex: '^(?:\\.\\./)+(?:app|handlers|compose)(?:/|$)',
        message:
          'src/main/ports is below the shell and the handlers: it imports only core and shared.'
      }
    ]
  ),
  // src/main/compose.ts: builds everything from ports; Electron objects come in as arguments.
  layer(
    ['src/main/compose.ts'],
    [
      ELECTRON,
      into(
        ['renderer', 'preload', 'cli'],
        'src/main/compose.ts must not depend on UI or entry points.'
      ),
      {
        regex: '^\\./(?:app|index)(?:/|$)',
        message:
          'src/main/compose.ts takes the shell as ports: import the port types from ./ports, not ./app.'
      }
    ]
  ),
  // src/main/handlers: transport-agnostic, so never electron and never the shell.
  layer(
    ['src/main/handlers.ts', 'src/main/handlers/**/*.ts'],
    [
      ELECTRON,
      into(
        ['renderer', 'preload', 'cli'],
        'src/main/handlers must not depend on UI or entry points.'
      ),
      {
        regex: '^(?:\\.\\.?/)+(?:app|compose|index)(?:/|$)',
        message:
          'The handlers run in the app, the e2e harness and tests alike: take what the shell does as a port (src/main/ports).'
      }
    ]
  ),
  // src/cli: the same core and services as the app, never electron or the app shell.
  layer(
    ['src/cli/**/*.ts'],
    [
      ELECTRON,
      into(['renderer', 'preload'], 'src/cli must not depend on the window.'),
      {
        regex: '^(?:\\.\\./)+main/(?:app|index)(?:/|$)',
        message: 'src/cli runs without Electron: use src/main/core, never the app shell.'
      }
    ]
  ),
  // src/renderer: only src/shared and itself.
  layer(
    ['src/renderer/**/*.{ts,tsx}'],
    [
      NODE,
      ELECTRON,
      into(['main', 'preload', 'cli', 'test'], 'src/renderer imports only src/shared and itself.')
    ]
  ),
  // src/preload: only src/shared (and electron's contextBridge/ipcRenderer).
  layer(
    ['src/preload/**/*.ts'],
    [
      NODE,
      into(['main', 'renderer', 'cli', 'test'], 'src/preload imports only src/shared and electron.')
    ]
  ),
  // src/preload never validates, so it must not bundle zod: types from the contract only, and
  // the zod-free builder (shared/ipc/contract); the names come from the build (`define`).
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?:zod(?:/.*)?|(?:\\.\\./)+shared/ipc(?:/(?!contract$)[^/]+)?)$',
              allowTypeImports: true,
              message:
                'The preload must not bundle zod or the schemas: import types only, buildApi from shared/ipc/contract, and take names from the build.'
            }
          ]
        }
      ]
    }
  }
)
