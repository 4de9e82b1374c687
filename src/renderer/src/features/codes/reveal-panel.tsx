/**
 * "Show secret and QR code": asks first, then calls the ONE channel that sends a secret to the
 * page. The secret lives in this component's state only and is dropped when it closes.
 */
import { useEffect, useRef, useState } from 'react'
import type { RevealedSecret } from '../../../../shared/ipc/accounts'
import { api } from '../../api'
import { FieldError } from '../../components/field-error'

function QrCode({ size, modules, label }: { size: number; modules: string; label: string }) {
  const quiet = 4
  let d = ''
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (modules[y * size + x] === '1') d += `M${x + quiet} ${y + quiet}h1v1h-1z`
    }
  }
  const full = size + quiet * 2
  return (
    <svg
      className="qr"
      viewBox={`0 0 ${full} ${full}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
    >
      <rect width={full} height={full} fill="#ffffff" />
      <path d={d} fill="#000000" />
    </svg>
  )
}

export function RevealPanel({ id, name }: { id: string; name: string }) {
  const [state, setState] = useState<'ask' | 'busy' | 'shown'>('ask')
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null)
  const [error, setError] = useState<string | null>(null)
  const shownRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (state === 'shown') shownRef.current?.scrollIntoView({ block: 'nearest' })
  }, [state])

  const reveal = async (): Promise<void> => {
    setState('busy')
    const result = await api().accounts.reveal({ id })
    if (!result.ok) {
      setError(result.error.message)
      setState('ask')
      return
    }
    setRevealed(result.value)
    setState('shown')
  }

  if (state !== 'shown' || !revealed) {
    return (
      <div className="reveal ask">
        <p>
          The secret lets anyone make codes for {name}. Show it only to move the account to another
          app, and make sure nobody is watching your screen.
        </p>
        <FieldError>{error}</FieldError>
        <button
          type="button"
          className="secondary"
          disabled={state === 'busy'}
          onClick={() => void reveal()}
        >
          Show secret and QR code
        </button>
      </div>
    )
  }
  return (
    <div className="reveal shown" ref={shownRef}>
      <QrCode
        size={revealed.qr.size}
        modules={revealed.qr.modules}
        label={`QR code of the setup link for ${name}`}
      />
      <dl>
        <dt>Secret key</dt>
        <dd className="mono" data-testid="revealed-secret">
          {revealed.secret.match(/.{1,4}/g)?.join(' ')}
        </dd>
      </dl>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          setRevealed(null)
          setState('ask')
        }}
      >
        Hide secret
      </button>
    </div>
  )
}
