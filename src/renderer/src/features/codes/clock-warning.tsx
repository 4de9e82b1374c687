/**
 * Above the codes: a warning when this computer's clock is off by more than codes allow
 * (|offset| > 15 s) and codes are not corrected, with the fix one click away; a quiet note when
 * they are corrected.
 */
import { useEffect } from 'react'
import { describeOffset, offsetMakesCodesWrong } from '../../../../shared/clock'
import { api } from '../../api'
import { useClockCheckStore } from '../../stores/clock-check'
import '../settings/clock.css'
import { useViewStore } from '../../stores/view'

export function ClockWarning() {
  const status = useClockCheckStore((s) => s.status)

  useEffect(() => {
    void useClockCheckStore.getState().load()
    return api().on('clock:changed', (s) => useClockCheckStore.getState().changed(s))
  }, [])

  const last = status?.last
  if (!status || !last || !offsetMakesCodesWrong(last.offsetMs)) return null
  if (status.correct) {
    return (
      <p className="clock-note muted" data-testid="clock-note">
        {describeOffset(last.offsetMs)} Codes are corrected for it.
      </p>
    )
  }
  return (
    <div className="notice warning clock-warning" role="alert" data-testid="clock-warning">
      <p className="notice-title">{describeOffset(last.offsetMs)} Codes may be refused.</p>
      <p>Correct the codes by the measured offset, or set this computer’s clock right.</p>
      <div className="notice-actions">
        <button
          type="button"
          className="primary"
          onClick={() => void useClockCheckStore.getState().update({ correct: true })}
        >
          Correct codes
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => useViewStore.getState().setScreen('settings')}
        >
          Clock settings
        </button>
      </div>
    </div>
  )
}
