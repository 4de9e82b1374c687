import { AppShell } from './shell/app-shell'

/** The authenticator window (inside the vault gate, see main.tsx). */
export function App() {
  return <AppShell />
}
