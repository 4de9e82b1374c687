import { useEffect, useState } from 'react'
import type { CodeView } from '../../../../shared/model'
import { api } from '../../api'
import { useClockStore } from '../../stores/clock'

function group(code: string): string {
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code
}

/** The new account's current code, fetched from main and refreshed when it expires. */
export function LiveCode({ accountId }: { accountId: string }) {
  const [view, setView] = useState<CodeView | null>(null)
  const expired = useClockStore((s) => view?.validUntil != null && view.validUntil <= s.now)
  const secondsLeft = useClockStore((s) =>
    view?.validUntil != null ? Math.max(0, Math.ceil((view.validUntil - s.now) / 1000)) : null
  )
  useEffect(() => {
    if (view !== null && !expired) return
    let live = true
    void api()
      .codes.list()
      .then((r) => {
        if (!live || !r.ok) return
        setView(r.value.find((c) => c.id === accountId) ?? null)
      })
    return () => {
      live = false
    }
  }, [accountId, expired, view])
  if (!view) return null
  return (
    <p className="enroll-code">
      <span className="visually-hidden">Current code </span>
      <span className="code" data-testid="enrolled-code">
        {group(view.code)}
      </span>
      {secondsLeft !== null && <span className="muted"> · {secondsLeft} s left</span>}
    </p>
  )
}
