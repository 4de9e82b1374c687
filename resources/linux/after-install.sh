#!/bin/sh
# Tessera's deb/rpm post-install (an electron-builder template: ${executable} and
# ${sanitizedProductName} are filled in at packaging time; scripts/package-deb.mjs fills them the
# same way). It puts the command line on PATH as /usr/bin/tessera, the window as
# /usr/bin/tessera-app, sets the Chromium sandbox helper's mode and refreshes the desktop and MIME
# databases so otpauth:// links open Tessera. It never touches anyone's data folder.
set -e
APP_DIR='/opt/${sanitizedProductName}'

ln -sf "$APP_DIR/resources/cli/tessera" /usr/bin/tessera
ln -sf "$APP_DIR/${executable}" /usr/bin/tessera-app

# The SUID sandbox helper is only needed where unprivileged user namespaces are not available.
if [ -e "$APP_DIR/chrome-sandbox" ]; then
  if [ -L /proc/self/ns/user ] && unshare --user true 2>/dev/null; then
    chmod 0755 "$APP_DIR/chrome-sandbox" || true
  else
    chmod 4755 "$APP_DIR/chrome-sandbox" || true
  fi
fi

if command -v update-mime-database >/dev/null 2>&1; then
  update-mime-database /usr/share/mime || true
fi
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q /usr/share/applications || true
fi
exit 0
