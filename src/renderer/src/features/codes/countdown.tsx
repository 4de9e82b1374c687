import { useSecondsLeft } from '../../stores/clock'

const RADIUS = 15
const CIRCUMFERENCE = 2 * Math.PI * RADIUS

/** A ring that empties over the period, with the whole seconds left in its middle. */
export function Countdown({ validUntil, period }: { validUntil: number; period: number }) {
  const seconds = useSecondsLeft(validUntil) ?? 0
  const fraction = period > 0 ? Math.min(1, seconds / period) : 0
  const urgent = seconds <= 5
  return (
    <div
      className={urgent ? 'countdown urgent' : 'countdown'}
      role="timer"
      aria-label={`${seconds} ${seconds === 1 ? 'second' : 'seconds'} left`}
    >
      <svg viewBox="0 0 36 36" aria-hidden="true" focusable="false">
        <circle className="countdown-track" cx="18" cy="18" r={RADIUS} />
        <circle
          className="countdown-fill"
          cx="18"
          cy="18"
          r={RADIUS}
          strokeDasharray={CIRCUMFERENCE}
          strokeDashoffset={CIRCUMFERENCE * (1 - fraction)}
        />
      </svg>
      <span className="countdown-seconds" aria-hidden="true">
        {seconds}
      </span>
    </div>
  )
}
