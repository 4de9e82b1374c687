/**
 * The import dialog's state: which step it is on (choose a file, password, review, done), what
 * main answered, and the rows the user selected. The backup's bytes go to main once and are not
 * kept here; main keeps the file and its accounts under a token until the import is saved or
 * discarded.
 */
import { create } from 'zustand'
import type { ErrorShape } from '../../../shared/errors'
import type { ResultOf } from '../../../shared/ipc'
import {
  MAX_IMPORT_FILE_BYTES,
  type ImportFormatId,
  type ImportReviewView,
  type ImportStepView
} from '../../../shared/ipc/import'
import { api } from '../api'
import { fileToBase64 } from './file-data'

export type ImportFormatChoice = 'auto' | ImportFormatId

export type ImportPhase =
  | { kind: 'choose' }
  | { kind: 'reading'; fileName: string | null }
  | {
      kind: 'password'
      token: string
      fileName: string | null
      formatName: string | null
      wrongPassword: boolean
      message: string
    }
  | { kind: 'review'; token: string; fileName: string | null; review: ImportReviewView }
  | {
      kind: 'done'
      added: number
      formatName: string
      duplicatesSkipped: number
      failed: number
    }

interface ImportState {
  open: boolean
  phase: ImportPhase
  format: ImportFormatChoice
  /** A password check or save is running (the phase stays on screen, controls are busy). */
  busy: boolean
  error: ErrorShape | null
  /** Review rows the user ticked (by entry index). */
  selected: ReadonlySet<number>
  openDialog(): void
  /** Closes the dialog and tells main to forget an unfinished import. */
  close(): Promise<void>
  /** Sets the format; re-reads the last dropped or chosen file with it. */
  setFormat(format: ImportFormatChoice): Promise<void>
  readFile(file: File): Promise<void>
  pickFile(): Promise<void>
  unlock(password: string): Promise<void>
  /** Stops waiting for a slow password check (main forgets the import). */
  cancel(): Promise<void>
  toggle(index: number): void
  selectAll(all: boolean): void
  commit(): Promise<void>
  /** Back to choosing a file (after an error or to import another). */
  startOver(): Promise<void>
  reset(): void
}

const TOO_BIG: ErrorShape = {
  code: 'IMPORT_FORMAT',
  message:
    'The file is over 16 MiB; authenticator backups are far smaller. Choose the backup file itself.'
}

// Not state: a File handle (not its content) so a changed format can read the same file again.
let lastFile: File | null = null
// Each request gets a number; an answer to an older one (cancelled, superseded) is ignored.
let generation = 0

function tokenOf(phase: ImportPhase): string | null {
  return phase.kind === 'password' || phase.kind === 'review' ? phase.token : null
}

const initial = {
  open: false,
  phase: { kind: 'choose' } as ImportPhase,
  format: 'auto' as ImportFormatChoice,
  busy: false,
  error: null,
  selected: new Set<number>() as ReadonlySet<number>
}

export const useImportStore = create<ImportState>()((set, get) => {
  const forget = async (): Promise<void> => {
    const token = tokenOf(get().phase)
    if (token) await api().import.discard({ token })
  }

  /** Applies main's answer to a read or password step. */
  const apply = (result: ResultOf<'import:open'>, mine: number, fallback: ImportPhase): void => {
    if (mine !== generation) {
      // Superseded or cancelled: main must not keep what it read for nobody.
      if (result.ok) void api().import.discard({ token: result.value.token })
      return
    }
    if (!result.ok) {
      set({ busy: false, error: result.error, phase: fallback })
      return
    }
    set({ busy: false, error: null, ...stepState(result.value) })
  }

  const stepState = (step: ImportStepView): Pick<ImportState, 'phase' | 'selected'> =>
    step.status === 'ready'
      ? {
          phase: {
            kind: 'review',
            token: step.token,
            fileName: step.fileName,
            review: step.review
          },
          // Duplicates start unticked: importing them again would make two of the same account.
          selected: new Set(step.review.entries.filter((e) => !e.duplicate).map((e) => e.index))
        }
      : {
          phase: {
            kind: 'password',
            token: step.token,
            fileName: step.fileName,
            formatName: step.formatName,
            wrongPassword: step.wrongPassword,
            message: step.message
          },
          selected: new Set()
        }

  return {
    ...initial,
    openDialog() {
      set({ ...initial, open: true })
    },
    async close() {
      generation++
      lastFile = null
      const done = forget()
      set({ ...initial })
      await done
    },
    async setFormat(format) {
      set({ format })
      if (lastFile && get().phase.kind !== 'done') await get().readFile(lastFile)
    },
    async readFile(file) {
      lastFile = file
      await forget()
      const mine = ++generation
      if (file.size > MAX_IMPORT_FILE_BYTES) {
        set({ phase: { kind: 'choose' }, error: TOO_BIG, busy: false })
        return
      }
      set({ phase: { kind: 'reading', fileName: file.name }, error: null, busy: true })
      let data: string
      try {
        data = await fileToBase64(file)
      } catch {
        if (mine !== generation) return
        set({
          busy: false,
          phase: { kind: 'choose' },
          error: { code: 'IO', message: 'Tessera could not read that file. Choose it again.' }
        })
        return
      }
      const result = await api().import.open({ data, fileName: file.name, format: get().format })
      apply(result, mine, { kind: 'choose' })
    },
    async pickFile() {
      lastFile = null
      await forget()
      const mine = ++generation
      set({ phase: { kind: 'reading', fileName: null }, error: null, busy: true })
      const result = await api().import.pickFile({ format: get().format })
      if (mine !== generation) {
        if (result.ok && result.value) void api().import.discard({ token: result.value.token })
        return
      }
      if (result.ok && result.value === null) {
        set({ busy: false, phase: { kind: 'choose' } })
        return
      }
      apply(result.ok ? { ok: true, value: result.value as ImportStepView } : result, mine, {
        kind: 'choose'
      })
    },
    async unlock(password) {
      const phase = get().phase
      if (phase.kind !== 'password') return
      const mine = ++generation
      set({ busy: true, error: null })
      const result = await api().import.unlock({ token: phase.token, password })
      apply(result, mine, phase)
    },
    async cancel() {
      generation++
      const done = forget()
      set({ busy: false, phase: { kind: 'choose' }, error: null, selected: new Set() })
      await done
    },
    toggle(index) {
      const next = new Set(get().selected)
      if (next.has(index)) next.delete(index)
      else next.add(index)
      set({ selected: next })
    },
    selectAll(all) {
      const phase = get().phase
      if (phase.kind !== 'review') return
      set({ selected: new Set(all ? phase.review.entries.map((e) => e.index) : []) })
    },
    async commit() {
      const { phase, selected } = get()
      if (phase.kind !== 'review' || selected.size === 0) return
      set({ busy: true, error: null })
      const result = await api().import.commit({
        token: phase.token,
        selected: [...selected].sort((a, b) => a - b)
      })
      if (!result.ok) {
        set({ busy: false, error: result.error })
        return
      }
      lastFile = null
      const skipped = phase.review.entries.filter(
        (e) => e.duplicate && !selected.has(e.index)
      ).length
      set({
        busy: false,
        selected: new Set(),
        phase: {
          kind: 'done',
          added: result.value.added,
          formatName: phase.review.formatName,
          duplicatesSkipped: skipped,
          failed: phase.review.counts.failed
        }
      })
    },
    async startOver() {
      generation++
      lastFile = null
      const done = forget()
      set({ busy: false, phase: { kind: 'choose' }, error: null, selected: new Set() })
      await done
    },
    reset() {
      generation++
      lastFile = null
      set({ ...initial })
    }
  }
})
