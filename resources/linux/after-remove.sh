#!/bin/sh
# Tessera's deb/rpm post-remove (electron-builder template, see after-install.sh). Removes the
# links on PATH if they still point into the package. Vaults in users' data folders
# (~/.config/Tessera) stay: uninstalling an authenticator must never delete its accounts.
APP_DIR='/opt/${sanitizedProductName}'
case "$1" in
  upgrade|1) exit 0 ;; # deb upgrade / rpm upgrade (one version still installed): keep the links
esac
for link in /usr/bin/tessera /usr/bin/tessera-app; do
  if [ -L "$link" ]; then
    case "$(readlink "$link")" in
      "$APP_DIR"/*) rm -f "$link" ;;
    esac
  fi
done
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q /usr/share/applications || true
fi
exit 0
