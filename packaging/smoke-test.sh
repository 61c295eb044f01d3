#!/usr/bin/env bash
# Runs the built one-folder program with no Python: a fresh data folder, the demo database,
# the work summary PDF (when the reports command exists), and the GUI started offscreen and quit.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
APP="$ROOT/dist/federation-desk/federation-desk"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export DESK_DATA_DIR="$WORK/data" QT_QPA_PLATFORM=offscreen
# No Python on the path: the bundle must carry its own.
env -i PATH=/usr/bin:/bin HOME="$WORK" DESK_DATA_DIR="$DESK_DATA_DIR" QT_QPA_PLATFORM=offscreen \
  "$APP" --version
env -i PATH=/usr/bin:/bin HOME="$WORK" DESK_DATA_DIR="$DESK_DATA_DIR" QT_QPA_PLATFORM=offscreen \
  "$APP" demo --db "$WORK/demo.db"
"$APP" list offices --db "$WORK/demo.db" --json | grep "塘岸镇妇联" >/dev/null
if "$APP" --help | grep " report" >/dev/null; then
  DESK_USER=admin DESK_PASSWORD=demo "$APP" report summary --db "$WORK/demo.db" --period 2020H1 --out "$WORK/summary.pdf"
  test -s "$WORK/summary.pdf"
  if command -v pdftotext >/dev/null; then
    pdftotext "$WORK/summary.pdf" - | grep "工作总结" >/dev/null
  fi
  echo "smoke-test: summary PDF written and holds Chinese text"
fi
DESK_SMOKE_QUIT_MS=1500 "$APP" --db "$WORK/demo.db" | grep "smoke-test: GUI started" >/dev/null
echo "smoke-test: passed"
