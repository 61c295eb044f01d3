#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Federation Desk needs (Python venv, Qt's system libraries,
# Xvfb and poppler for checks). As root it runs apt-get; otherwise it prints the exact command.
set -euo pipefail

PACKAGES=(
  python3 python3-venv python3-pip
  libgl1 libegl1 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 libx11-6 libxkbcommon0
  libx11-xcb1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1
)
if [ "${1:-}" = "--with-checks" ]; then
  # postgresql: the tests start a throwaway server of their own (tests/pgserver.py).
  PACKAGES+=(xvfb xauth poppler-utils postgresql)
fi

command -v dpkg-query >/dev/null 2>&1 || { echo "Not a Debian/Ubuntu system: install the Qt 6 system libraries by hand."; exit 0; }

missing=()
for package in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  # A mirror half-way through a sync (or a foreign architecture's stale index) makes update report
  # errors although the lists it needs are fine: go on and let the install say what is missing.
  DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || echo "apt-get update reported errors; installing anyway"
  DEBIAN_FRONTEND=noninteractive $command >/dev/null
else
  echo "Federation Desk needs these system packages. Please run:"
  echo "  sudo apt-get update && sudo $command"
  exit 1
fi
