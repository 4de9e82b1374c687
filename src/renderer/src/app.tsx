import { CodesScreen } from './features/codes/codes-screen'
import { ExportButton } from './features/export/export-button'
import { ImportButton } from './features/import/import-button'
import { LockButton } from './features/vault/lock-button'
import { ScanButton, ScanDialog } from './features/scan/scan-dialog'
import { ServersToggle } from './features/servers/servers-screen'

/** The authenticator window (inside the vault gate, see main.tsx). */
export function App() {
  return (
    <>
      <CodesScreen
        headerExtra={
          <>
            <ScanButton />
            <ServersToggle />
            <ImportButton />
            <ExportButton />
            <LockButton />
          </>
        }
      />
      <ScanDialog />
    </>
  )
}
