/**
 * The main process as unit tests build it: the very `composeMain` the app and the e2e harness
 * call, over a MemoryVault (or the vault a test passes) with recorders for every shell port.
 * A test overrides only the ports and services it is about.
 */
import { createDesktopDouble } from './desktop-double'
import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  composeMain,
  type ComposeOptions,
  type MainProcess,
  type MainVault,
  type ServiceOptions,
  type ShellPorts
} from '../../src/main/compose'
import type { DispatcherOptions } from '../../src/main/handlers'
import type { ScanPorts } from '../../src/main/ports'
import { MemoryVault } from './memory-vault'

export interface TestPortsOverrides extends Partial<Omit<ShellPorts, 'scan'>> {
  scan?: Partial<ScanPorts>
}

export interface TestComposeOptions {
  /** Default: a fresh MemoryVault on `clock`. */
  vault?: MainVault
  clock?: () => number
  /** Default: a folder name under the system's temp dir (created only if the audit log writes). */
  dataDir?: string
  ports?: TestPortsOverrides
  services?: ServiceOptions
  dispatcher?: DispatcherOptions
}

/** What the default ports recorded. */
export interface TestRecorders {
  /** Texts written by `codes:copy`, in order. */
  copied: string[]
  /** The delay each copy asked for (undefined: the port's default). */
  clearDelays: (number | null | undefined)[]
  /** How often the clipboard was told to clear now (lock, quit). */
  clipboardClears: number
  /** Every content-protection setting applied, in order. */
  contentProtection: boolean[]
  /** What the Quick copy page asked of its window, in order. */
  quickCopyWindow: ('hide' | 'openMain')[]
  /** How often main asked for the main window to come forward (a link arrived). */
  mainWindowShown: number
}

export type TestMain<V extends MainVault = MainVault> = MainProcess & {
  vault: V
  recorded: TestRecorders
}

export function composeForTest<V extends MainVault = MemoryVault>(
  options: TestComposeOptions & { vault?: V } = {}
): TestMain<V> {
  const clock = options.clock ?? Date.now
  const vault = (options.vault ?? new MemoryVault(clock)) as V
  const recorded: TestRecorders = {
    copied: [],
    clearDelays: [],
    clipboardClears: 0,
    contentProtection: [],
    quickCopyWindow: [],
    mainWindowShown: 0
  }
  const o = options.ports ?? {}
  const ports: ShellPorts = {
    emit: o.emit ?? (() => undefined),
    clipboard: o.clipboard ?? {
      copy: async (text, clearAfterMs) => {
        recorded.copied.push(text)
        recorded.clearDelays.push(clearAfterMs)
        return { clearsAfterMs: clearAfterMs === undefined ? 30_000 : clearAfterMs }
      },
      clearNow: async () => void recorded.clipboardClears++
    },
    fileDialogs: o.fileDialogs ?? {
      openBackup: async () => null,
      openUsersList: async () => null,
      saveExport: async () => null
    },
    saveFile: o.saveFile ?? { save: async () => null },
    contentProtection: o.contentProtection ?? {
      set: (enabled) => void recorded.contentProtection.push(enabled)
    },
    mainWindow: o.mainWindow ?? { show: () => void recorded.mainWindowShown++ },
    desktop: o.desktop ?? createDesktopDouble().port,
    quickCopyWindow: o.quickCopyWindow ?? {
      hide: () => void recorded.quickCopyWindow.push('hide'),
      openMain: () => void recorded.quickCopyWindow.push('openMain')
    },
    scan: {
      capturer: {
        capture: async () => {
          throw new Error('this test has no screens')
        }
      },
      displayCount: () => 1,
      clipboardImage: async () => null,
      openImage: async () => null,
      ...o.scan
    }
  }
  const compose: ComposeOptions = {
    vault,
    dataDir: options.dataDir ?? join(tmpdir(), `tessera-test-${randomUUID()}`),
    clock,
    ports,
    ...(options.services ? { services: options.services } : {}),
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {})
  }
  return { ...composeMain(compose), vault, recorded }
}
