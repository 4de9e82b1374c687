/**
 * Settings › Clock: how far this computer's clock is off ("Your clock is 47 s fast"), a check that
 * runs only when asked (it tells the user what will be asked first), the optional time check
 * address, and "Correct codes by the measured offset". Stored for this computer only.
 */
import { useEffect, useId, useState } from 'react'
import { describeOffset, formatDuration, offsetMakesCodesWrong } from '../../../../shared/clock'
import { api } from '../../api'
import { useClockCheckStore } from '../../stores/clock-check'
import './clock.css'
import { FieldError } from '../../components/field-error'
import { CheckRow } from '../../components/form-rows'

function measuredWhen(at: number, now: number): string {
  const ago = Math.max(0, now - at)
  return ago < 60_000 ? 'just now' : `${formatDuration(ago)} ago`
}

export function ClockSettings() {
  const { status, checking, result, error } = useClockCheckStore()
  const [url, setUrl] = useState<string | null>(null)
  const [urlError, setUrlError] = useState<string | null>(null)
  // When the screen opened: "measured 3 min ago" need not tick.
  const [openedAt] = useState(() => Date.now())
  const id = { h: useId(), url: useId(), useUrl: useId(), correct: useId(), urlErr: useId() }

  useEffect(() => {
    void useClockCheckStore.getState().load()
    return api().on('clock:changed', (s) => useClockCheckStore.getState().changed(s))
  }, [])

  if (!status) return null
  const last = status.last
  const asked = [
    ...status.servers,
    ...(status.useTimeUrl && status.timeUrl ? [new URL(status.timeUrl).host] : [])
  ]
  const shownUrl = url ?? status.timeUrl ?? ''

  const saveUrl = async (): Promise<void> => {
    if (url === null) return
    const err = await useClockCheckStore.getState().update({ timeUrl: url.trim() || null })
    setUrlError(err ? err.message : null)
    if (!err) setUrl(null)
  }

  return (
    <section className="card clock-settings" aria-labelledby={id.h}>
      <h2 id={id.h}>Clock</h2>
      <p className="clock-offset" data-testid="clock-offset">
        {last ? (
          <>
            <strong>{describeOffset(last.offsetMs)}</strong>{' '}
            <span className="muted">
              Measured {measuredWhen(last.measuredAt, openedAt)} with{' '}
              {last.used === 1 ? '1 server' : `${last.used} servers`}.
            </span>
          </>
        ) : (
          'Not checked yet. Codes are made from this computer’s clock, so a clock that is off makes them wrong.'
        )}
      </p>
      {last && offsetMakesCodesWrong(last.offsetMs) && !status.correct ? (
        <p className="notice warning">
          Codes made with this clock may be refused. Turn on “Correct codes” below, or set the
          computer’s clock right.
        </p>
      ) : null}

      <p className="hint">
        {asked.length > 0
          ? `Checking asks ${asked.join(', ')} for the time: one request each, with nothing of yours in it.`
          : 'Nothing is asked until you add a 2FA server or allow a time check address below.'}
      </p>
      <div className="clock-actions">
        <button
          type="button"
          className="secondary"
          disabled={checking || asked.length === 0}
          onClick={() => void useClockCheckStore.getState().check()}
        >
          {checking ? 'Checking…' : 'Check the clock now'}
        </button>
      </div>
      <div role="status" className="clock-result">
        {checking ? 'Asking for the time…' : null}
        {!checking && result ? (
          <>
            <p className={result.ok ? '' : 'field-error'}>{result.message}</p>
            {result.samples.length > 0 ? (
              <ul className="clock-samples" aria-label="What each server said">
                {result.samples.map((s, i) => (
                  <li key={`${s.source}-${i}`}>
                    <strong>{s.source}</strong>:{' '}
                    {s.used && s.offsetMs !== undefined
                      ? describeOffset(s.offsetMs).replace('Your clock is', 'your clock is')
                      : (s.reason ?? 'not used')}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
        <FieldError alert={false}>{!checking && error?.message}</FieldError>
      </div>

      <CheckRow
        id={id.useUrl}
        label="Also ask a time check address"
        checked={status.useTimeUrl}
        onChange={(on) => void useClockCheckStore.getState().update({ useTimeUrl: on })}
      />
      <div className="field">
        <label htmlFor={id.url}>Time check address</label>
        <input
          id={id.url}
          type="url"
          inputMode="url"
          placeholder="https://time.example.org"
          value={shownUrl}
          aria-invalid={urlError ? true : undefined}
          aria-describedby={urlError ? id.urlErr : undefined}
          onChange={(e) => setUrl(e.target.value)}
          onBlur={() => void saveUrl()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void saveUrl()
          }}
        />
        <FieldError id={id.urlErr}>{urlError}</FieldError>
      </div>

      <CheckRow
        id={id.correct}
        label={`Correct codes by the measured offset${last ? ` (${formatDuration(last.offsetMs)})` : ' (check the clock first)'}`}
        checked={status.correct}
        disabled={!last && !status.correct}
        onChange={(on) => void useClockCheckStore.getState().update({ correct: on })}
      />
    </section>
  )
}
