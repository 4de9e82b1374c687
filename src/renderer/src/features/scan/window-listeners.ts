/**
 * Window-wide ways into a scan: drop an image anywhere on the window, or paste (Ctrl/Cmd+V) an
 * image or an otpauth:// / otpauth-migration:// link while no text field has the focus.
 */
import { useEffect } from 'react'
import { SCAN_IMAGE_TYPES } from '../../../../shared/ipc/scan'
import { useScanStore } from '../../stores/scan'

const IMAGE_NAME = /\.(png|jpe?g|webp|gif)$/i
const OTP_LINK = /otpauth(?:-migration)?:\/\//i

export function isScanImage(file: File): boolean {
  return (SCAN_IMAGE_TYPES as readonly string[]).includes(file.type) || IMAGE_NAME.test(file.name)
}

/** Another modal (import, export, a confirmation) owns the window; leave its events alone. */
function otherModalOpen(): boolean {
  return document.querySelector('dialog[open]:not(.sc-modal)') !== null
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLTextAreaElement) return !target.readOnly && !target.disabled
  if (target instanceof HTMLInputElement) {
    const textual = ['text', 'search', 'url', 'email', 'password', 'tel', 'number', '']
    return textual.includes(target.type) && !target.disabled
  }
  return false
}

function hasFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false
}

export function useScanWindowListeners(): void {
  useEffect(() => {
    const onDragOver = (event: DragEvent): void => {
      if (event.defaultPrevented || !hasFiles(event) || otherModalOpen()) return
      event.preventDefault()
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy'
    }
    const onDrop = (event: DragEvent): void => {
      // A drop zone inside another dialog (import) handled it already.
      if (event.defaultPrevented || !hasFiles(event) || otherModalOpen()) return
      event.preventDefault()
      const files = [...(event.dataTransfer?.files ?? [])]
      const image = files.find(isScanImage)
      const store = useScanStore.getState()
      // Several files: every one is scanned into one review (those that are not images get a line).
      if (files.length > 1 && image) {
        void store.scanFiles(files)
        return
      }
      if (image) {
        void store.scanFile(image)
        return
      }
      store.openDialog()
      useScanStore.setState({
        error: {
          code: 'IMAGE_INVALID',
          message:
            'That is not an image Tessera can read. Drop a PNG, JPEG, WebP or GIF screenshot of the QR code.'
        }
      })
    }
    const onPaste = (event: ClipboardEvent): void => {
      if (event.defaultPrevented || isEditable(event.target) || otherModalOpen()) return
      const data = event.clipboardData
      if (!data) return
      const store = useScanStore.getState()
      const image = [...data.files].find(isScanImage)
      if (image) {
        event.preventDefault()
        void store.scanFile(image, 'Pasted image')
        return
      }
      const text = data.getData('text/plain')
      // Ordinary text pasted by accident is ignored, unless the scan dialog is what it was for.
      if (text && (OTP_LINK.test(text) || store.open)) {
        event.preventDefault()
        void store.scanText(text)
      }
    }
    window.addEventListener('dragover', onDragOver)
    window.addEventListener('drop', onDrop)
    window.addEventListener('paste', onPaste)
    return () => {
      window.removeEventListener('dragover', onDragOver)
      window.removeEventListener('drop', onDrop)
      window.removeEventListener('paste', onPaste)
    }
  }, [])
}
