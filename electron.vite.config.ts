import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { CHANNEL_NAMES, EVENT_NAMES } from './src/shared/ipc'

const root = dirname(fileURLToPath(import.meta.url))

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: resolve(root, 'src/main/index.ts'),
          // The QR decoder's worker thread: createWorkerQrDecoder looks for out/main/worker.js
          // beside the main bundle. zxing-wasm and @jsquash/webp stay external (dependencies are
          // not bundled in main), so their .wasm files are found with require.resolve.
          worker: resolve(root, 'src/main/core/qr/worker.ts')
        }
      }
    }
  },
  preload: {
    // The preload never validates (main does), so it gets the contract's names, not its zod
    // schemas: src/preload/index.ts reads these two constants.
    define: {
      __TESSERA_CHANNEL_NAMES__: JSON.stringify(CHANNEL_NAMES),
      __TESSERA_EVENT_NAMES__: JSON.stringify(EVENT_NAMES)
    },
    build: {
      // A sandboxed preload cannot `require` our modules or node_modules: one self-contained
      // CommonJS file, dependencies bundled in.
      isolatedEntries: true,
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [react()],
    build: {
      // No inline scripts or data: URLs: the CSP allows only files from the app.
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      // Two pages of one bundle: the main window and the Quick copy window (same preload and contract).
      rolldownOptions: {
        input: {
          index: resolve(root, 'src/renderer/index.html'),
          'quick-copy': resolve(root, 'src/renderer/quick-copy.html')
        }
      }
    }
  }
})
