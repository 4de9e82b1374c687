/**
 * The scan dialog's state: which step it is on (start, scanning, review, done), what main found
 * (secret-free: main keeps the accounts under a token) and which accounts the user ticked. An
 * image's bytes go to main once and are not kept here.
 */
import { create } from 'zustand'
import type { ErrorShape } from '../../../shared/errors'
import type { ResultOf } from '../../../shared/ipc'
import { MAX_SCAN_IMAGE_BYTES, type ScanStepView } from '../../../shared/ipc/scan'
import { imageTooLargeMessage } from '../../../shared/limits'
import type { ScanCandidateView } from '../../../shared/scan'
import { api } from '../api'
import { fileToBase64 } from './file-data'

export type ScanPhase =
  | { kind: 'start' }
  | {
      kind: 'scanning'
      what: 'screens' | 'image' | 'images' | 'clipboard' | 'text'
      name?: string
    }
  | { kind: 'review'; step: ScanStepView }
  | { kind: 'done'; added: number }

interface ScanState {
  open: boolean
  phase: ScanPhase
  error: ErrorShape | null
  /** A save is running. */
  busy: boolean
  /** Ticked candidates, by key. */
  selected: ReadonlySet<string>
  openDialog(): void
  close(): Promise<void>
  scanScreens(): Promise<void>
  scanFile(file: File, name?: string): Promise<void>
  /** Several files at once (a drop, a pick): one review over all of them. */
  scanFiles(files: readonly File[]): Promise<void>
  pickFile(): Promise<void>
  scanClipboard(): Promise<void>
  scanText(text: string): Promise<void>
  toggle(key: string): void
  selectAll(all: boolean): void
  save(): Promise<void>
  /** Back to the start (forgets the scan shown). */
  startOver(): Promise<void>
  /** Opens the dialog on the review of a scan main already holds (links from the OS). */
  showReview(step: ScanStepView): Promise<void>
  /** Opens the dialog at its start with a problem to read (a link that was refused). */
  showProblem(error: ErrorShape): Promise<void>
  reset(): void
}

/** Accounts that start ticked: new ones, not duplicates, name conflicts or repeats. */
export function defaultSelection(candidates: readonly ScanCandidateView[]): Set<string> {
  return new Set(
    candidates.filter((c) => !c.duplicateOf && !c.conflictWith && !c.sameAs).map((c) => c.key)
  )
}

const tooBig = (name: string, size: number): ErrorShape => ({
  code: 'IMAGE_TOO_LARGE',
  message: imageTooLargeMessage(name, size)
})

// Each scan gets a number; an answer to an older one (closed, superseded) is thrown away.
let generation = 0

const initial = {
  open: false,
  phase: { kind: 'start' } as ScanPhase,
  error: null,
  busy: false,
  selected: new Set<string>() as ReadonlySet<string>
}

export const useScanStore = create<ScanState>()((set, get) => {
  const forget = async (): Promise<void> => {
    const phase = get().phase
    if (phase.kind === 'review') await api().scan.discard({ token: phase.step.token })
  }

  /** Starts a scan: shows the dialog on its progress step and returns this scan's number. */
  const begin = async (what: Extract<ScanPhase, { kind: 'scanning' }>): Promise<number> => {
    await forget()
    const mine = ++generation
    set({ open: true, phase: what, error: null, busy: false, selected: new Set() })
    return mine
  }

  const apply = (
    result: ResultOf<'scan:screens'> | ResultOf<'scan:pickFile'>,
    mine: number
  ): void => {
    if (mine !== generation) {
      // Nobody is waiting for this scan any more: main must not keep its accounts.
      if (result.ok && result.value) void api().scan.discard({ token: result.value.token })
      return
    }
    if (!result.ok) {
      set({ phase: { kind: 'start' }, error: result.error })
      return
    }
    if (!result.value) {
      set({ phase: { kind: 'start' } })
      return
    }
    const step = result.value
    set({ phase: { kind: 'review', step }, selected: defaultSelection(step.result.candidates) })
  }

  return {
    ...initial,
    openDialog() {
      if (get().open) return
      set({ ...initial, open: true })
      // Start the decoder threads while the user looks at the dialog.
      void api().scan.warm()
    },
    async close() {
      generation++
      const done = forget()
      set({ ...initial })
      await done
    },
    async scanScreens() {
      const mine = await begin({ kind: 'scanning', what: 'screens' })
      apply(await api().scan.screens(), mine)
    },
    async scanFile(file, name) {
      const fileName = name ?? file.name
      if (file.size > MAX_SCAN_IMAGE_BYTES) {
        await begin({ kind: 'scanning', what: 'image', name: fileName })
        set({ phase: { kind: 'start' }, error: tooBig(fileName, file.size) })
        return
      }
      const mine = await begin({ kind: 'scanning', what: 'image', name: fileName })
      let data: string
      try {
        data = await fileToBase64(file)
      } catch {
        if (mine !== generation) return
        set({
          phase: { kind: 'start' },
          error: { code: 'IO', message: 'Tessera could not read that image. Try it again.' }
        })
        return
      }
      apply(await api().scan.image({ data, fileName }), mine)
    },
    async scanFiles(files) {
      if (files.length === 1 && files[0]) return get().scanFile(files[0])
      const names = files.map((f) => f.name || 'Unnamed file').join(', ')
      const mine = await begin({ kind: 'scanning', what: 'images', name: names })
      const sent: { fileName: string; data?: string; size?: number }[] = []
      for (const file of files) {
        const fileName = file.name || 'Unnamed file'
        // Too big to send: main still gets its name and size, and words the refusal.
        if (file.size > MAX_SCAN_IMAGE_BYTES) {
          sent.push({ fileName, size: file.size })
          continue
        }
        try {
          sent.push({ fileName, data: await fileToBase64(file) })
        } catch {
          sent.push({ fileName, data: '' })
        }
        if (mine !== generation) return
      }
      apply(await api().scan.images({ files: sent }), mine)
    },
    async pickFile() {
      const mine = await begin({ kind: 'scanning', what: 'image' })
      apply(await api().scan.pickFile(), mine)
    },
    async scanClipboard() {
      const mine = await begin({ kind: 'scanning', what: 'clipboard' })
      apply(await api().scan.clipboard(), mine)
    },
    async scanText(text) {
      const mine = await begin({ kind: 'scanning', what: 'text' })
      apply(await api().scan.text({ text }), mine)
    },
    toggle(key) {
      const next = new Set(get().selected)
      if (next.has(key)) next.delete(key)
      else next.add(key)
      set({ selected: next })
    },
    selectAll(all) {
      const phase = get().phase
      if (phase.kind !== 'review') return
      set({ selected: all ? new Set(phase.step.result.candidates.map((c) => c.key)) : new Set() })
    },
    async save() {
      const { phase, selected, busy } = get()
      if (phase.kind !== 'review' || busy || selected.size === 0) return
      const mine = generation
      set({ busy: true, error: null })
      // Keys in scan order, as the review lists them.
      const keys = phase.step.result.candidates.map((c) => c.key).filter((k) => selected.has(k))
      const result = await api().scan.save({ token: phase.step.token, keys })
      if (mine !== generation) return
      if (!result.ok) {
        set({ busy: false, error: result.error })
        return
      }
      set({ busy: false, phase: { kind: 'done', added: result.value.added }, selected: new Set() })
    },
    async startOver() {
      generation++
      const done = forget()
      set({ phase: { kind: 'start' }, error: null, busy: false, selected: new Set() })
      await done
    },
    async showReview(step) {
      const previous = get().phase
      generation++
      set({
        open: true,
        phase: { kind: 'review', step },
        error: null,
        busy: false,
        selected: defaultSelection(step.result.candidates)
      })
      // The review shown before (if any) is replaced: main must not keep its accounts.
      if (previous.kind === 'review' && previous.step.token !== step.token) {
        await api().scan.discard({ token: previous.step.token })
      }
    },
    async showProblem(error) {
      if (get().phase.kind === 'review') {
        // A review in progress stays; the problem shows above it.
        set({ open: true, error })
        return
      }
      generation++
      set({ open: true, phase: { kind: 'start' }, error, busy: false, selected: new Set() })
    },
    reset() {
      generation++
      set({ ...initial })
    }
  }
})
