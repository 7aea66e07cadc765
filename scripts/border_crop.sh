#!/usr/bin/env bash
# The README's border picture: the same photo, painting and seed stylized with zero padding (the
# paper's) and with reflection padding (the default), the top-left and bottom-right corners
# enlarged 3x (nearest neighbour) beside the photo's. Prints each run's border measure.
#   scripts/border_crop.sh [OUT.png] [SIZE] [ITERS]     default docs/border_before_after.png 256 60
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/docs/border_before_after.png}
size=${2:-256}
iters=${3:-60}
cli=$root/build/bin/gramstudio-cli
[ -x "$cli" ] || { echo "border_crop.sh: $cli is not built (run ./run.sh or ./test.sh first)" >&2; exit 1; }
content=$root/../shared/images/building.jpg
style=$root/../shared/images/starry_night.jpg
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for padding in zero reflect; do
  "$cli" --content "$content" --style "$style" --size "$size" --iters "$iters" --seed 1 --padding "$padding" \
    --out "$work/$padding.png" --json --quiet | tail -n 1 > "$work/$padding.json"
  echo "$padding: $(/usr/bin/python3 -c 'import json,sys; b=json.load(open(sys.argv[1]))["border"]; print("band minus ring: worst %s %+.1f, mean %+.1f grey levels (" % (b["worst_side"], b["worst_excess"], b["mean_excess"]) + ", ".join("%s %+.1f" % (k, v["band"] - v["ring"]) for k, v in b["sides"].items()) + ")")' "$work/$padding.json")"
done
/usr/bin/python3 - "$content" "$work/zero.png" "$work/reflect.png" "$out" <<'PY'
import sys
from PIL import Image, ImageDraw
content, zero, reflect, out = sys.argv[1:]
results = [Image.open(zero).convert("RGB"), Image.open(reflect).convert("RGB")]
photo = Image.open(content).convert("RGB").resize(results[0].size, Image.BOX)  # area average, as the CLI
crop, zoom, label = 48, 3, 22
panels = [("photo", photo), ("zero padding", results[0]), ("reflect padding (default)", results[1])]
w, h = results[0].size
corners = [(0, 0), (w - crop, h - crop)]
side = crop * zoom
sheet = Image.new("RGB", (len(panels) * (side + 8) - 8, len(corners) * (side + 8) + label - 8), "white")
draw = ImageDraw.Draw(sheet)
for i, (name, image) in enumerate(panels):
    x = i * (side + 8)
    draw.text((x + 4, 4), name, fill="black")
    for j, (cx, cy) in enumerate(corners):
        tile = image.crop((cx, cy, cx + crop, cy + crop)).resize((side, side), Image.NEAREST)
        sheet.paste(tile, (x, label + j * (side + 8)))
sheet.save(out)
print("wrote", out)
PY
