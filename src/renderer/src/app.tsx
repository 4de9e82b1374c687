import { useEffect } from 'react'
import { api } from './api'
import { AddUriForm } from './features/codes/add-uri-form'
import { CodesList } from './features/codes/codes-list'
import { ExportButton } from './features/export/export-button'
import { ImportButton } from './features/import/import-button'
import { useAccountsStore } from './stores/accounts'
import { useClockStore } from './stores/clock'
import { useCodesStore } from './stores/codes'

export function App() {
  useEffect(() => useClockStore.getState().start(), [])
  useEffect(
    () => useClockStore.subscribe((s) => useCodesStore.getState().refreshIfStale(s.now)),
    []
  )
  useEffect(() => {
    void useAccountsStore.getState().load()
    return api().on('accounts:changed', () => void useAccountsStore.getState().load())
  }, [])

  return (
    <div className="app">
      <header className="app-header">
        <h1>Tessera</h1>
        <ImportButton />
        <ExportButton />
      </header>
      <main className="app-main">
        <AddUriForm />
        <section aria-labelledby="codes-heading" className="codes-section">
          <h2 id="codes-heading" className="visually-hidden">
            Codes
          </h2>
          <CodesList />
        </section>
      </main>
    </div>
  )
}
