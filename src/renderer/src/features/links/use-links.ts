/**
 * Links the OS handed Tessera (otpauth://, otpauth-migration://): main holds them and says so;
 * the window takes them and opens the scan review (nothing is added until the user ticks and
 * presses Add), or says plainly why a link was not opened. Mounted with the unlocked app, so links
 * that waited for the unlock are taken as soon as it opens.
 */
import { useEffect } from 'react'
import type { LinkDeliveryView } from '../../../../shared/ipc/links'
import { api } from '../../api'
import { useScanStore } from '../../stores/scan'

/** The words for links Tessera would not open (shown in the scan dialog). */
export function refusedMessage(refused: { preview: string; message: string }[]): string {
  if (refused.length === 1) {
    const [r] = refused
    return `Tessera did not open the link “${r!.preview}”. ${r!.message}`
  }
  return `Tessera did not open ${refused.length} links. ${refused
    .map((r) => `“${r.preview}”: ${r.message}`)
    .join(' ')}`
}

async function deliver(d: LinkDeliveryView): Promise<void> {
  const scan = useScanStore.getState()
  if (d.kind === 'review') await scan.showReview(d.step)
  else if (d.kind === 'refused') {
    await scan.showProblem({ code: 'INVALID_URI', message: refusedMessage(d.refused) })
  } else await scan.showProblem({ code: 'INVALID_URI', message: d.message })
}

export function useLinks(): void {
  useEffect(() => {
    let active = true
    const take = async (): Promise<void> => {
      const r = await api().links.take()
      if (!active || !r.ok) return
      for (const d of r.value) await deliver(d)
    }
    void take()
    const off = api().on('links:waiting', ({ waiting }) => {
      if (waiting === 'review') void take()
    })
    return () => {
      active = false
      off()
    }
  }, [])
}
