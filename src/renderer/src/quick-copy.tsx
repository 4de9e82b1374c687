/** The Quick copy window's entry: a second page of the same bundle, on the same preload. */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { QuickCopyApp } from './features/quick-copy/quick-copy-app'
import './tokens.css'
import './styles.css'

const root = document.getElementById('root')
if (!root) throw new Error('The page has no #root element.')
createRoot(root).render(
  <StrictMode>
    {window.tessera ? (
      <QuickCopyApp />
    ) : (
      <p className="app">This page is Tessera’s Quick copy window; open it from the Tessera app.</p>
    )}
  </StrictMode>
)
