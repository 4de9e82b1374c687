import type { ReactNode } from 'react'
import './vault.css'

/** The frame of the first-run, unlock and corrupt-vault screens. */
export function VaultScreen({
  titleId,
  state,
  children
}: {
  titleId: string
  state: string
  children: ReactNode
}) {
  return (
    <div className="app vault-screen" data-vault-state={state}>
      <header className="app-header">
        <h1>Tessera</h1>
      </header>
      <main className="vault-main">
        <section className="vault-card" aria-labelledby={titleId}>
          <LockGlyph />
          {children}
        </section>
      </main>
    </div>
  )
}

function LockGlyph() {
  return (
    <svg className="vault-glyph" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect x="4.5" y="10.5" width="15" height="10" rx="2.5" />
      <path d="M8 10.5V7.5a4 4 0 0 1 8 0v3" />
      <circle cx="12" cy="15.5" r="1.4" />
    </svg>
  )
}

/** A titled error with main's message (which says what to do next). */
export function VaultNotice({
  title,
  message,
  tone = 'error',
  children
}: {
  title: string
  message: string
  tone?: 'error' | 'info'
  children?: ReactNode
}) {
  return (
    <div className={`notice vault-notice ${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <p className="notice-title">{title}</p>
      <p>{message}</p>
      {children ? <div className="notice-actions">{children}</div> : null}
    </div>
  )
}
