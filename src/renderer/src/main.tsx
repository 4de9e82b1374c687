import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'
import { VaultGate } from './features/vault/vault-gate'
import { listenForDesktopCommands } from './shell/desktop-commands'
import './tokens.css'
import './styles.css'

const root = document.getElementById('root')
if (!root) throw new Error('The page has no #root element.')
if (window.tessera) listenForDesktopCommands()
createRoot(root).render(
  <StrictMode>
    {window.tessera ? (
      <VaultGate>
        <App />
      </VaultGate>
    ) : (
      <p className="app">This page is Tessera’s window; open it from the Tessera app.</p>
    )}
  </StrictMode>
)
