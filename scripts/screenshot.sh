#!/usr/bin/env bash
# Takes the README's screenshot: the real window under Xvfb, mid-run, in compare mode (Full Gram
# against Diagonal) on the sample images. Needs a built tree (./run.sh or ./test.sh first).
#   scripts/screenshot.sh [OUT.png] [ITERATION]     default docs/screenshot.png after iteration 60
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/docs/screenshot.png}
iteration=${2:-60}
binary=$root/build/bin/gramstudio
[ -x "$binary" ] || { echo "screenshot.sh: $binary is not built (run ./run.sh or ./test.sh first)" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "screenshot.sh: xvfb-run is missing (apt install xvfb xauth)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
settings=$(mktemp -d)
trap 'rm -rf "$settings"' EXIT
# Fresh settings, so the screenshot shows the defaults plus compare mode.
XDG_CONFIG_HOME=$settings/config XDG_CACHE_HOME=$settings/cache \
  xvfb-run -a -s "-screen 0 1600x1000x24" "$binary" --demo --size 256 --compare \
    --screenshot "$out" --screenshot-after "$iteration"
rm -f "${out%.png}.canvas.png"
echo "wrote $out"
