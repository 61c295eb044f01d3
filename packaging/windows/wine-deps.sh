#!/usr/bin/env bash
# Installs Wine with its 32-bit part (Inno Setup's compiler is a 32-bit program) and Xvfb, for
# `make package-windows-check`. As root it runs apt-get; otherwise it prints the command to run.
set -euo pipefail
command -v dpkg >/dev/null 2>&1 || { echo "Not a Debian/Ubuntu system: install wine (with 32-bit support) and xvfb by hand."; exit 0; }
if command -v wine >/dev/null 2>&1 && dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null | grep -q "install ok installed" \
   && command -v xvfb-run >/dev/null 2>&1; then
  exit 0
fi
PACKAGES="wine wine32:i386 wine64 xvfb xauth"
if [ "$(id -u)" -ne 0 ]; then
  echo "The Windows installer check needs Wine. Please run:"
  echo "  sudo dpkg --add-architecture i386 && sudo apt-get update && sudo apt-get install -y --no-install-recommends $PACKAGES"
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
dpkg --add-architecture i386
apt-get update -q >/dev/null || true  # a half-synced mirror of one architecture must not stop us here
if ! apt-get install -y -q --no-install-recommends $PACKAGES >/dev/null; then
  # When the security mirror's i386 index lags behind its amd64 one, the two architectures'
  # versions of shared libraries differ and cannot be installed together: take both from the
  # release itself.
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  apt-get install -y -q --no-install-recommends -t "$codename" $PACKAGES >/dev/null
fi
