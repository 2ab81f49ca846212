#!/usr/bin/env bash
# Real screenshots of the app under Xvfb, left-to-right (en) and right-to-left (ar).
#
#   tools/screenshot.sh OUTDIR [--small]
#
# Starts Xvfb on :99 (1440x900x24, no TCP), seeds a temporary workspace with the sample
# showcase (full resolution unless --small), runs `studio app` once per shot, waits for the
# window and its thumbnails, saves `import -window root` as a reduced-colour PNG (< 400 KB),
# and stops everything it started. Writes app-en.png, app-ar.png (Composer) and
# app-en-library.png, app-ar-library.png (Library).
set -euo pipefail

OUT=${1:?usage: tools/screenshot.sh OUTDIR [--small]}
SMALL=${2:-}
REPO=$(cd "$(dirname "$0")/.." && pwd)
PY="$REPO/.venv/bin/python"
DISPLAY_NUM=:99
WORK=$(mktemp -d -t studio-shots-XXXXXX)
XVFB_PID=""
APP_PID=""

cleanup() {
    if [[ -n "$APP_PID" ]]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
    if [[ -n "$XVFB_PID" ]]; then kill "$XVFB_PID" 2>/dev/null || true; wait "$XVFB_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$OUT"
Xvfb "$DISPLAY_NUM" -screen 0 1440x900x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
for _ in $(seq 1 50); do
    DISPLAY=$DISPLAY_NUM xdpyinfo >/dev/null 2>&1 && break
    sleep 0.1
done
DISPLAY=$DISPLAY_NUM xdpyinfo >/dev/null 2>&1 || { echo "Xvfb did not start" >&2; cat "$WORK/xvfb.log" >&2; exit 1; }

echo "seeding the sample showcase…"
SAMPLE_ARGS=()
[[ "$SMALL" == "--small" ]] && SAMPLE_ARGS+=(--small)
(cd "$REPO" && "$PY" -m studio --workspace "$WORK/ws" sample "${SAMPLE_ARGS[@]}" >/dev/null)

shot() {  # shot LANG PAGE FILE
    local lang=$1 page=$2 file=$3 ini="$WORK/gui-$1-$2.ini"
    printf '[welcome]\ndismissed=true\n[window]\npage=%s\n' "$page" >"$ini"
    (cd "$REPO" && DISPLAY=$DISPLAY_NUM STUDIO_GUI_SETTINGS="$ini" QT_QPA_PLATFORM=xcb \
        "$PY" -m studio --workspace "$WORK/ws" app --lang "$lang" >"$WORK/app-$lang.log" 2>&1) &
    APP_PID=$!
    for _ in $(seq 1 100); do
        DISPLAY=$DISPLAY_NUM xwininfo -root -tree 2>/dev/null | grep -q '"Heritage Studio"' && break
        sleep 0.2
    done
    sleep 6  # thumbnails, kit list and first paint
    DISPLAY=$DISPLAY_NUM import -window root "$WORK/raw.png"
    convert "$WORK/raw.png" -colors 256 -define png:compression-level=9 "PNG8:$OUT/$file"
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
    APP_PID=""
    echo "$OUT/$file ($(du -k "$OUT/$file" | cut -f1) KB)"
}

shot en composer app-en.png
shot ar composer app-ar.png
shot en library app-en-library.png
shot ar library app-ar-library.png
