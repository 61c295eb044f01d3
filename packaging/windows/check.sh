#!/usr/bin/env bash
# `make package-windows-check`: compiles packaging/windows/federation-desk.iss with Inno Setup's
# compiler under Wine against the one-folder build's files, installs the installer silently
# into a throwaway Wine prefix, installs it again over itself (an upgrade), uninstalls it, and
# checks files, shortcuts, the uninstall entry and that the office's data survives uninstalling.
#
# What Wine cannot show: the Linux build's program is not a Windows program, so it is installed
# under its Linux name (ExeName=federation-desk) and never started. README lists what is left to
# try on a Windows PC.
set -euo pipefail
# One virtual screen for the whole check (Wine's processes outlive a single command).
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1; then exec xvfb-run -a bash "$0" "$@"; fi
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
INNO_VERSION=6.4.1                      # the npm package 'innosetup' ships ISCC.exe of Inno Setup 6.4
FOLDER=${1:-dist/federation-desk}       # the one-folder build (make package-folder)
WORK=$ROOT/build/windows-check
[ -x "$FOLDER/federation-desk" ] || { echo "$FOLDER is missing: run 'make package-folder' first." >&2; exit 1; }
FOLDER=$(cd "$FOLDER" && pwd)

bash packaging/windows/wine-deps.sh
INNO=$WORK/innosetup/package/bin
if [ ! -f "$INNO/ISCC.exe" ]; then
  mkdir -p "$WORK/innosetup"
  (cd "$WORK/innosetup" && npm pack --silent "innosetup@$INNO_VERSION" >/dev/null && tar xzf "innosetup-$INNO_VERSION.tgz")
fi

PREFIX=$(mktemp -d /tmp/desk-wine-XXXXXX)
trap 'wineserver -k >/dev/null 2>&1 || true; rm -rf "$PREFIX"' EXIT
export WINEPREFIX=$PREFIX/prefix WINEDEBUG=-all WINEARCH=win64
# No Mono/Gecko download prompts, and no menu entries written into this Linux user's desktop.
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
win() { echo "Z:${1//\//\\}"; }        # a Linux path as Wine's Z: drive sees it
run() { wine "$@"; wineserver -w; }

VERSION=$(.venv/bin/python -c "from desk.version import __version__; print(__version__)")
OUT=$WORK/out
rm -rf "$OUT"; mkdir -p "$OUT"
echo "Compiling the installer (Inno Setup $INNO_VERSION under $(wine --version))"
run "$INNO/ISCC.exe" /Q "/DAppVersion=$VERSION" "/DSourceDir=$(win "$FOLDER")" "/DExeName=federation-desk" \
  "/DOutputDir=$(win "$OUT")" "$(win "$ROOT/packaging/windows/federation-desk.iss")" 2>&1 | tee "$OUT/iscc.log"
SETUP=$OUT/FederationDesk-$VERSION-setup.exe
[ -f "$SETUP" ] || { echo "The compiler wrote no installer: see $OUT/iscc.log" >&2; exit 1; }
if grep -qi "warning" "$OUT/iscc.log"; then echo "The compiler warned (see above)." >&2; exit 1; fi

echo "Installing silently into $WINEPREFIX"
run "$SETUP" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS /LANG=chinesesimplified /TASKS=desktopicon \
  '/DIR=C:\FederationDesk' "/LOG=$(win "$OUT/install.log")"
echo "Installing again over it (an upgrade keeps the folder)"
run "$SETUP" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS /LANG=chinesesimplified /TASKS=desktopicon \
  "/LOG=$(win "$OUT/upgrade.log")"
.venv/bin/python packaging/windows/check_install.py installed "$WINEPREFIX" "$FOLDER"
.venv/bin/python packaging/windows/check_install.py upgrade-log "$OUT/upgrade.log"

echo "Uninstalling silently (the office's data folder must stay)"
DATA=$(.venv/bin/python packaging/windows/check_install.py data-dir "$WINEPREFIX")
mkdir -p "$DATA" && echo "office data" > "$DATA/desk.db"
run "$WINEPREFIX/drive_c/FederationDesk/unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
.venv/bin/python packaging/windows/check_install.py uninstalled "$WINEPREFIX" "$FOLDER"
echo "Windows installer check passed: $SETUP"
