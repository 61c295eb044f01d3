#!/usr/bin/env bash
# Builds dist/federation-desk_<version>_<arch>.deb from the PyInstaller one-folder build in dist/federation-desk.
# The package installs to /opt/federation-desk, adds a menu entry and icon, and declares Qt's system libraries.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VERSION=$(cd "$ROOT" && python3 -c 'import re;print(re.search(r"__version__ = \"(.+)\"", open("desk/version.py").read())[1])')
ARCH=$(dpkg --print-architecture)
BUILD="$ROOT/build/deb"
rm -rf "$BUILD"
mkdir -p "$BUILD/DEBIAN" "$BUILD/opt" "$BUILD/usr/bin" "$BUILD/usr/share/applications" \
         "$BUILD/usr/share/icons/hicolor/256x256/apps" "$BUILD/usr/share/doc/federation-desk"
cp -a "$ROOT/dist/federation-desk" "$BUILD/opt/federation-desk"
ln -s /opt/federation-desk/federation-desk "$BUILD/usr/bin/federation-desk"
cp "$ROOT/packaging/linux/federation-desk.desktop" "$BUILD/usr/share/applications/"
cp "$ROOT/resources/icons/federation-desk.png" "$BUILD/usr/share/icons/hicolor/256x256/apps/"
cp "$ROOT"/resources/fonts/*LICENSE* "$BUILD/usr/share/doc/federation-desk/"
SIZE=$(du -sk "$BUILD/opt" | cut -f1)
cat > "$BUILD/DEBIAN/control" <<CONTROL
Package: federation-desk
Version: $VERSION
Architecture: $ARCH
Maintainer: Federation Desk developers <desk@localhost>
Installed-Size: $SIZE
Depends: libc6 (>= 2.34), libgl1, libegl1, libfontconfig1, libfreetype6, libglib2.0-0, libdbus-1-3, libx11-6, libxkbcommon0, libx11-xcb1, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xkb1
Section: misc
Priority: optional
Description: Federation Desk (妇联工作台)
 Records the work of a Women's Federation office (events, commendations, relief
 visits, petitions, training, organisations), prints half-year work summaries and
 honour certificates, and exchanges data with the higher-level federation by USB.
 Data stays in each user's data folder and is kept on upgrade and removal.
CONTROL
dpkg-deb --root-owner-group -Zgzip --build "$BUILD" "$ROOT/dist/federation-desk_${VERSION}_${ARCH}.deb" >/dev/null
echo "$ROOT/dist/federation-desk_${VERSION}_${ARCH}.deb"
