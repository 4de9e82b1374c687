import { useState } from 'react'
import type { AccountView } from '../../../../shared/model'
import { useAccountsStore } from '../../stores/accounts'
import { useClockStore, useSecondsLeft } from '../../stores/clock'
import { useCodesStore } from '../../stores/codes'
import { Countdown } from './countdown'
import { accountName, groupCode } from '../../../../shared/code-format'

/** Seconds before the end of a period when the following code is shown too. */
const SHOW_NEXT_WITHIN = 5
/** How long the "Copied" notice stays. */
const COPIED_NOTICE_MS = 3_000

export function CodeRow({ account }: { account: AccountView }) {
  const code = useCodesStore((s) => s.byId[account.id])
  const advance = useCodesStore((s) => s.advance)
  const copy = useCodesStore((s) => s.copy)
  const remove = useAccountsStore((s) => s.remove)
  const secondsLeft = useSecondsLeft(code?.validUntil ?? null)
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [copied, setCopied] = useState<{ until: number; message: string } | null>(null)
  const showCopied = useClockStore((s) => copied !== null && s.now < copied.until)
  const name = accountName(account.issuer, account.label)
  const headingId = `account-${account.id}`
  const showNext =
    code?.next !== undefined && secondsLeft !== null && secondsLeft <= SHOW_NEXT_WITHIN

  const onAdvance = async (): Promise<void> => {
    const err = await advance(account.id)
    setError(err ? err.message : null)
  }
  const onCopy = async (): Promise<void> => {
    const result = await copy(account.id)
    if (!result.ok) {
      setError(result.error.message)
      return
    }
    setError(null)
    const { clearsInSeconds } = result.value
    setCopied({
      until: Date.now() + COPIED_NOTICE_MS,
      message:
        clearsInSeconds === null
          ? 'Copied.'
          : `Copied. Tessera clears the clipboard in ${clearsInSeconds} s.`
    })
  }
  const onRemove = async (): Promise<void> => {
    if (!confirming) {
      setConfirming(true)
      return
    }
    const err = await remove(account.id)
    if (err) {
      setConfirming(false)
      setError(err.message)
    }
  }

  return (
    <li className="code-row" aria-labelledby={headingId} data-account-id={account.id}>
      <div className="who" id={headingId}>
        <span className="issuer">{account.issuer || account.label || 'Unnamed account'}</span>
        {account.issuer && account.label ? <span className="label">{account.label}</span> : null}
      </div>
      <div className="code-line">
        <button type="button" className="code" onClick={() => void onCopy()} disabled={!code}>
          <span data-testid="code">{code ? groupCode(code.code) : '…'}</span>
          <span className="visually-hidden">, copy the code for {name}</span>
        </button>
        {showNext && code?.next ? (
          <span className="next-code" aria-label={`Next code for ${name}`}>
            next {groupCode(code.next)}
          </span>
        ) : null}
      </div>
      <div className="row-actions">
        {account.type === 'hotp' ? (
          <button type="button" className="ghost" onClick={() => void onAdvance()}>
            <span aria-hidden="true">Next</span>
            <span className="visually-hidden">Next code for {name}</span>
          </button>
        ) : code && code.validUntil !== null ? (
          <Countdown validUntil={code.validUntil} period={code.period} />
        ) : null}
        <button
          type="button"
          className={confirming ? 'danger' : 'ghost subtle'}
          onClick={() => void onRemove()}
          onBlur={() => setConfirming(false)}
          aria-label={confirming ? `Confirm removing ${name}` : `Remove ${name}`}
        >
          {confirming ? 'Confirm' : 'Remove'}
        </button>
      </div>
      <p className="row-status" role="status">
        {showCopied ? copied?.message : ''}
      </p>
      {error ? (
        <p className="row-error" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  )
}
