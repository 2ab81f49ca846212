#!/bin/sh
# Add Heritage Studio to this user's application menu (no root needed), from where the bundle
# was unpacked:   ./install.sh          (./install.sh --uninstall removes the entries again)
# The bundle itself stays where it is; moving it later means running this script again.
set -eu
here=$(dirname "$(readlink -f "$0")")
data=${XDG_DATA_HOME:-$HOME/.local/share}
apps="$data/applications"
icons="$data/icons/hicolor"
bin="$HOME/.local/bin"

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$apps/heritage-studio.desktop" "$bin/heritage-studio" "$bin/studio"
    find "$icons" -name 'heritage-studio.*' -delete 2>/dev/null || true
    echo "Heritage Studio removed from the menu (the unpacked folder $here is untouched)"
    exit 0
fi

mkdir -p "$apps" "$bin" "$icons/scalable/apps"
for png in "$here"/icons/heritage-studio-*.png; do
    size=$(basename "$png" .png | sed 's/.*-//')
    mkdir -p "$icons/${size}x${size}/apps"
    cp "$png" "$icons/${size}x${size}/apps/heritage-studio.png"
done
cp "$here/icons/heritage-studio.svg" "$icons/scalable/apps/heritage-studio.svg"
sed "s|^Exec=.*|Exec=\"$here/heritage-studio\"|" "$here/heritage-studio.desktop" \
    >"$apps/heritage-studio.desktop"
ln -sf "$here/heritage-studio" "$bin/heritage-studio"
ln -sf "$here/studio" "$bin/studio"
command -v update-desktop-database >/dev/null && update-desktop-database "$apps" 2>/dev/null || true
echo "Heritage Studio is in the application menu; 'studio' and 'heritage-studio' are in $bin"
