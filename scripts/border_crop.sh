#!/usr/bin/env bash
# The README's border picture: the same photo and seed stylized in the style of starry_night.jpg
# with zero padding (the paper's) and with reflection at every layer, the scan's black frame kept
# (--keep-style-frame); with reflection and the frame cut (the default until 2026-12-02); and as a
# default run does it now (a bleed painted and cut off, the frame cut); the top-left and bottom-right
# corners enlarged 3x (nearest neighbour) beside the photo's. Prints each run's border measure.
#   scripts/border_crop.sh [OUT.png] [SIZE] [ITERS] [PHOTO]
#   default docs/border_before_after.png 256 40 building.jpg
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/docs/border_before_after.png}
size=${2:-256}
iters=${3:-40}
cli=$root/build/bin/gramstudio-cli
[ -x "$cli" ] || { echo "border_crop.sh: $cli is not built (run ./run.sh or ./test.sh first)" >&2; exit 1; }
content=$root/../shared/images/${4:-building.jpg}
style=$root/../shared/images/starry_night.jpg
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() {  # NAME PADDING STYLE [FLAG...]
  "$cli" --content "$content" --style "$3" --size "$size" --iters "$iters" --seed 1 --padding "$2" "${@:4}" \
    --out "$work/$1.png" --json --quiet | tail -n 1 > "$work/$1.json"
  echo "$1: $(/usr/bin/python3 -c 'import json,sys; b=json.load(open(sys.argv[1]))["border"]; print("band minus ring: worst %s %+.1f, mean %+.1f grey levels (" % (b["worst_side"], b["worst_excess"], b["mean_excess"]) + ", ".join("%s %+.1f" % (k, v["band"] - v["ring"]) for k, v in b["sides"].items()) + ")")' "$work/$1.json")"
}
run zero zero "$style" --keep-style-frame
run reflect reflect "$style" --keep-style-frame
run reflect_cut reflect "$style"
run bleed bleed "$style"
/usr/bin/python3 - "$content" "$work" "$out" <<'PY'
import sys
from PIL import Image, ImageDraw
content, work, out = sys.argv[1:]
results = [Image.open(f"{work}/{name}.png").convert("RGB") for name in ("zero", "reflect", "reflect_cut", "bleed")]
photo = Image.open(content).convert("RGB").resize(results[0].size, Image.BOX)  # area average, as the CLI
crop, zoom, label = 48, 3, 34
panels = [("photo", photo), ("zero padding,\nframed painting", results[0]),
          ("reflect padding,\nframed painting", results[1]), ("reflect padding,\nframe cut", results[2]),
          ("default: bleed,\nframe cut", results[3])]
w, h = results[0].size
corners = [(0, 0), (w - crop, h - crop)]
side = crop * zoom
sheet = Image.new("RGB", (len(panels) * (side + 8) - 8, len(corners) * (side + 8) + label - 8), "white")
draw = ImageDraw.Draw(sheet)
for i, (name, image) in enumerate(panels):
    x = i * (side + 8)
    draw.multiline_text((x + 4, 4), name, fill="black")
    for j, (cx, cy) in enumerate(corners):
        tile = image.crop((cx, cy, cx + crop, cy + crop)).resize((side, side), Image.NEAREST)
        sheet.paste(tile, (x, label + j * (side + 8)))
sheet.save(out)
print("wrote", out)
PY
