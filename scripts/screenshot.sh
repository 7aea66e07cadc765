#!/usr/bin/env bash
# Takes the README's screenshot: the real window under Xvfb, mid-run, in compare mode (Full Gram
# against Diagonal) on the sample images. Needs a built tree (./run.sh or ./test.sh first).
#   scripts/screenshot.sh [OUT.png] [ITERATION] [WINDOW FLAGS...]
# default docs/screenshot.png after iteration 60, with --compare; flags given replace --compare, e.g.
#   scripts/screenshot.sh docs/screenshot_two_styles.png 60 --style A.jpg --style B.png   (a blend)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/docs/screenshot.png}
iteration=${2:-60}
shift $(($# > 2 ? 2 : $#))
flags=("$@")
[ ${#flags[@]} -gt 0 ] || flags=(--compare)
binary=$root/build/bin/gramstudio
[ -x "$binary" ] || { echo "screenshot.sh: $binary is not built (run ./run.sh or ./test.sh first)" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "screenshot.sh: xvfb-run is missing (apt install xvfb xauth)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
settings=$(mktemp -d)
trap 'rm -rf "$settings"' EXIT
# Fresh settings, so the screenshot shows the defaults plus the flags (compare mode by default).
XDG_CONFIG_HOME=$settings/config XDG_CACHE_HOME=$settings/cache \
  xvfb-run -a -s "-screen 0 1600x1000x24" "$binary" --demo --size 256 "${flags[@]}" \
    --screenshot "$out" --screenshot-after "$iteration"
rm -f "${out%.png}.canvas.png"
echo "wrote $out"
