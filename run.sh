#!/usr/bin/env bash
# Installs what is missing, builds Gram Studio (Release, build/) and opens the window.
#   ./run.sh                               demo mode: sample images, starts at once
#   ./run.sh --content a.jpg --style b.jpg  arguments pass through to gramstudio
set -euo pipefail
source "$(dirname "$0")/scripts/setup.sh"
cd "$GS_ROOT"

gs_install_packages
gs_build build -DCMAKE_BUILD_TYPE=Release

# Weights: ../shared/models in a development tree, else the user data folder, else download.
data_dir="${XDG_DATA_HOME:-$HOME/.local/share}/gramstudio/models"
if [ -n "${GRAMSTUDIO_WEIGHTS:-}" ]; then
    gs_log "Using weights from \$GRAMSTUDIO_WEIGHTS: $GRAMSTUDIO_WEIGHTS"
elif ls "$GS_ROOT"/../shared/models/*.safetensors >/dev/null 2>&1; then
    gs_log "Using weights from $(cd "$GS_ROOT/../shared/models" && pwd)"
elif ls "$data_dir"/*.safetensors >/dev/null 2>&1; then
    gs_log "Using weights from $data_dir"
else
    gs_log "No VGG-19 weights found: downloading the convolution layers into $data_dir"
    build/bin/gramstudio-cli fetch-weights --dest "$data_dir"
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != offscreen ]; then
    cat >&2 <<'MSG'
run.sh: no display found (DISPLAY and WAYLAND_DISPLAY are unset).
  Run the window under a virtual display:  xvfb-run -a ./run.sh
  Or stylize headless with the CLI:        build/bin/gramstudio-cli --content C --style S --out out.png
MSG
    exit 1
fi

if [ $# -eq 0 ]; then
    exec build/bin/gramstudio --demo
fi
exec build/bin/gramstudio "$@"
