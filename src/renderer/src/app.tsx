import { CodesScreen } from './features/codes/codes-screen'
import { ExportButton } from './features/export/export-button'
import { ImportButton } from './features/import/import-button'

/** The authenticator window. */
export function App() {
  return (
    <CodesScreen
      headerExtra={
        <>
          <ImportButton />
          <ExportButton />
        </>
      }
    />
  )
}
