; Tessera's additions to electron-builder's NSIS installer (nsis.include in electron-builder.ts).
; SHCTX is HKCU for the per-user installer and HKLM for the per-machine one (electron-builder sets
; the shell context from perMachine), so the same lines serve both.

!macro tesseraRegisterScheme SCHEME
  WriteRegStr SHCTX "Software\Classes\${SCHEME}" "" "URL:${SCHEME}"
  WriteRegStr SHCTX "Software\Classes\${SCHEME}" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\${SCHEME}\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\${SCHEME}\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customInstall
  !insertmacro tesseraRegisterScheme "otpauth"
  !insertmacro tesseraRegisterScheme "otpauth-migration"
  ; The command line: per-user installs get `tessera` on PATH through the per-user
  ; WindowsApps folder (on every Windows 10/11 user's PATH); per-machine installs leave PATH to
  ; IT (docs/deploying.md: add "$INSTDIR\resources\cli").
  ${if} $installMode != "all"
    CreateDirectory "$LOCALAPPDATA\Microsoft\WindowsApps"
    FileOpen $0 "$LOCALAPPDATA\Microsoft\WindowsApps\tessera.cmd" w
    FileWrite $0 '@"$INSTDIR\resources\cli\tessera.exe" %*$\r$\n'
    FileClose $0
  ${endif}
!macroend

!macro customUnInstall
  ; An update runs the old uninstaller first: keep the registrations, the new version rewrites
  ; them. Never delete the data folder (%APPDATA%\Tessera): it holds the user's vault.
  ${ifNot} ${isUpdated}
    DeleteRegKey SHCTX "Software\Classes\otpauth"
    DeleteRegKey SHCTX "Software\Classes\otpauth-migration"
    ${if} $installMode != "all"
      Delete "$LOCALAPPDATA\Microsoft\WindowsApps\tessera.cmd"
    ${endif}
  ${endif}
!macroend
