#!/usr/bin/env bash
# Real screenshots of the app under Xvfb, left-to-right (en) and right-to-left (ar).
#
#   tools/screenshot.sh OUTDIR [--small] [--pages "library composer previews review calendar"]
#                              [--langs "en ar"]
#
# Starts its own Xvfb (1440x900x24, no TCP) on the first free display from :90 upwards,
# skipping :98 and :99 (used by other tools) and any display whose lock file exists; seeds a
# temporary workspace with the sample showcase (full resolution unless --small); runs
# `studio app` once per shot, waits for the window and its background work, saves
# `import -window root` as a reduced-colour PNG (< 400 KB), and stops everything it started.
# Files: app-<lang>-<page>.png, except the Composer, which keeps the README's app-<lang>.png.
set -euo pipefail

OUT=${1:?usage: tools/screenshot.sh OUTDIR [--small] [--pages "..."] [--langs "..."]}
shift
SMALL=""
PAGES="library composer previews review calendar"
LANGS="en ar"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --small) SMALL=--small; shift ;;
        --pages) PAGES=$2; shift 2 ;;
        --langs) LANGS=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
REPO=$(cd "$(dirname "$0")/.." && pwd)
PY="$REPO/.venv/bin/python"
WORK=$(mktemp -d -t studio-shots-XXXXXX)
XVFB_PID=""
APP_PID=""
SETTLE=${STUDIO_SHOT_SETTLE:-6}  # seconds after the window appears: thumbnails, previews

cleanup() {
    if [[ -n "$APP_PID" ]]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
    if [[ -n "$XVFB_PID" ]]; then kill "$XVFB_PID" 2>/dev/null || true; wait "$XVFB_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$OUT"
DISPLAY_NUM=""
for n in $(seq 90 140); do
    [[ $n -eq 98 || $n -eq 99 ]] && continue
    [[ -e /tmp/.X$n-lock || -e /tmp/.X11-unix/X$n ]] && continue
    Xvfb ":$n" -screen 0 1440x900x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
    XVFB_PID=$!
    for _ in $(seq 1 50); do
        DISPLAY=":$n" xdpyinfo >/dev/null 2>&1 && break
        kill -0 "$XVFB_PID" 2>/dev/null || break
        sleep 0.1
    done
    if DISPLAY=":$n" xdpyinfo >/dev/null 2>&1; then DISPLAY_NUM=":$n"; break; fi
    kill "$XVFB_PID" 2>/dev/null || true; wait "$XVFB_PID" 2>/dev/null || true; XVFB_PID=""
done
[[ -n "$DISPLAY_NUM" ]] || { echo "no free X display for Xvfb in :90-:140" >&2; cat "$WORK/xvfb.log" >&2; exit 1; }
echo "Xvfb on $DISPLAY_NUM"

echo "seeding the sample showcase…"
SAMPLE_ARGS=()
[[ "$SMALL" == "--small" ]] && SAMPLE_ARGS+=(--small)
(cd "$REPO" && "$PY" -m studio --workspace "$WORK/ws" sample "${SAMPLE_ARGS[@]}" >/dev/null)

shot() {  # shot LANG PAGE FILE
    local lang=$1 page=$2 file=$3 ini="$WORK/gui-$1-$2.ini"
    printf '[welcome]\ndismissed=true\n[window]\npage=%s\n' "$page" >"$ini"
    (cd "$REPO" && DISPLAY=$DISPLAY_NUM STUDIO_GUI_SETTINGS="$ini" QT_QPA_PLATFORM=xcb \
        "$PY" -m studio --workspace "$WORK/ws" app --lang "$lang" >"$WORK/app-$lang-$page.log" 2>&1) &
    APP_PID=$!
    for _ in $(seq 1 150); do
        DISPLAY=$DISPLAY_NUM xwininfo -root -tree 2>/dev/null | grep -qE '"(Heritage Studio|استوديو التراث)"' && break
        sleep 0.2
    done
    sleep "$SETTLE"
    DISPLAY=$DISPLAY_NUM import -window root "$WORK/raw.png"
    convert "$WORK/raw.png" -colors 256 -define png:compression-level=9 "PNG8:$OUT/$file"
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
    APP_PID=""
    echo "$OUT/$file ($(du -k "$OUT/$file" | cut -f1) KB)"
}

for page in $PAGES; do
    for lang in $LANGS; do
        if [[ "$page" == composer ]]; then name="app-$lang.png"; else name="app-$lang-$page.png"; fi
        shot "$lang" "$page" "$name"
    done
done
