#!/usr/bin/env bash
# Makes the Help ▸ Guide's example images (resources/guide/*.png, compiled into the window as the
# Qt resource ":/guide"): gramstudio-cli on the sample photo and painting, 160 px, 50 iterations
# each, one setting changed at a time from the defaults. Needs a built tree and the weights.
#   scripts/make_guide_images.sh [OUT_DIR]        default resources/guide
# Images already there are kept (an interrupted run goes on where it stopped); FORCE=1 remakes all.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/resources/guide}
cli=$root/build/bin/gramstudio-cli
images=${GRAMSTUDIO_IMAGES:-$root/../shared/images}
[ -x "$cli" ] || { echo "make_guide_images.sh: $cli is not built (run ./run.sh or ./test.sh first)" >&2; exit 1; }
photo=$images/building.jpg
painting=$images/starry_night.jpg
mkdir -p "$out"

paint() {  # NAME CONTENT STYLE [options...]
  local name=$1 content=$2 style=$3
  shift 3
  if [ -f "$out/$name.png" ] && [ -z "${FORCE:-}" ]; then echo "kept $out/$name.png"; return; fi
  # One thread: tiny images gain nothing from more, and idle OpenMP threads would spin.
  OMP_WAIT_POLICY=PASSIVE "$cli" --content "$content" --style "$style" --out "$out/$name.png" --size 160 \
    --threads 1 --quiet "$@"
  echo "wrote $out/$name.png"
}

# The inputs as the program sees them: zero style weight from the content start leaves the image as it is.
paint photo "$photo" "$painting" --iters 1 --style-weight 0 --tv-weight 0
paint painting "$painting" "$painting" --iters 1 --style-weight 0 --tv-weight 0

common=(--iters 50 --seed 1)
paint default "$photo" "$painting" "${common[@]}"
paint style_low "$photo" "$painting" "${common[@]}" --style-weight 10
paint style_high "$photo" "$painting" "${common[@]}" --style-weight 100000
paint tv_low "$photo" "$painting" "${common[@]}" --tv-weight 0
paint tv_high "$photo" "$painting" "${common[@]}" --tv-weight 1000
paint layers_early "$photo" "$painting" "${common[@]}" --style-layers conv1_1
paint layers_deep "$photo" "$painting" "${common[@]}" --style-layers conv3_1
paint diag "$photo" "$painting" "${common[@]}" --style-loss diag
paint colours "$photo" "$painting" "${common[@]}" --preserve-colors
