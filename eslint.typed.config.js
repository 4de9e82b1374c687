// @ts-check
/**
 * Type-aware lint, run by `npm test` beside the plain lint (eslint.config.js). Kept to the rules
 * that need types and to the shipped code in src/, so it stays quick on a small machine; the
 * plain config still covers tests, tools and scripts. test/unit/lint/layers.test.ts proves each
 * rule here fires.
 */
import { defineConfig } from 'eslint/config'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

export default defineConfig({
  files: ['src/**/*.{ts,tsx}'],
  ignores: ['**/*.gen.ts', '**/*_pb.ts', '**/gen/**'],
  languageOptions: {
    parser: tseslint.parser,
    parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
  },
  // react-hooks is registered only so the disable comments that name its rules resolve.
  plugins: { '@typescript-eslint': tseslint.plugin, 'react-hooks': reactHooks },
  linterOptions: { reportUnusedDisableDirectives: 'off' },
  rules: {
    '@typescript-eslint/no-floating-promises': 'error',
    '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }]
  }
})
