#!/bin/bash
# Runs gramstudio-bench and the PyTorch reference (bench/reference_pytorch.py) on the same
# pixels, size, loss mode, optimizer, iterations and threads, alternating them --repeat times,
# and prints the ratio of their median seconds per iteration (> 1: the engine is faster).
#
#   bench/compare.sh [--size 384] [--mode full] [--optimizer adam] [--iters 10] [--warmup 2]
#                    [--threads 0] [--repeat 3] [--padding reflect] [--bench build/bin/gramstudio-bench]
#                    [--out DIR]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
size=384 mode=full optimizer=adam iters=10 warmup=2 threads=0 repeat=3 padding=reflect
bench="$here/../build/bin/gramstudio-bench"
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2 ;;
    --mode) mode=$2 ;;
    --optimizer) optimizer=$2 ;;
    --iters) iters=$2 ;;
    --warmup) warmup=$2 ;;
    --threads) threads=$2 ;;
    --repeat) repeat=$2 ;;
    --padding) padding=$2 ;;
    --bench) bench=$2 ;;
    --out) out=$2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown flag '$1'" >&2; exit 2 ;;
  esac
  shift 2
done
[ -x "$bench" ] || { echo "compare.sh: $bench is not built (cmake --build <dir> --target gramstudio-bench)" >&2; exit 1; }
[ -n "$out" ] || out=$(mktemp -d /tmp/gramstudio-compare.XXXXXX)
mkdir -p "$out"
# Debian's python3-torch lives under /usr/bin/python3, not a pyenv python3 on PATH.
python=/usr/bin/python3

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for r in $(seq 1 "$repeat"); do
  "$bench" --only throughput --sizes "$size" --modes "$mode" --optimizers "$optimizer" --threads "$threads" \
    --iters "$iters" --warmup "$warmup" --padding "$padding" --out "$out/engine-$r" > /dev/null
  "$python" "$here/reference_pytorch.py" --content "$out/engine-$r/inputs/content_$size.png" \
    --style "$out/engine-$r/inputs/style_$size.png" --size "$size" --mode "$mode" --optimizer "$optimizer" \
    --iters "$iters" --warmup "$warmup" --threads "$threads" --padding "$padding" > "$out/pytorch-$r.json"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

"$python" - "$out" "$repeat" <<'PY'
import json, statistics, sys
out, repeat = sys.argv[1], int(sys.argv[2])
engine = [json.load(open(f"{out}/engine-{r}/bench.json"))["throughput"][0] for r in range(1, repeat + 1)]
torch = [json.load(open(f"{out}/pytorch-{r}.json")) for r in range(1, repeat + 1)]
e = statistics.median(x["seconds_per_iteration"] for x in engine)
t = statistics.median(x["seconds_per_iteration"] for x in torch)
first = engine[0]
print(f"{first['width']}x{first['height']} {first['mode']} {first['optimizer']} threads {first['threads']}, "
      f"{len(engine[0]['seconds'])} iterations x {repeat} rounds (medians)")
print(f"  engine : {e:.3f} s/iteration  (rounds: " + ", ".join("%.3f" % x["seconds_per_iteration"] for x in engine) + ")")
print(f"  pytorch: {t:.3f} s/iteration  (rounds: " + ", ".join("%.3f" % x["seconds_per_iteration"] for x in torch) + ")")
print(f"  ratio pytorch/engine: {t / e:.2f}  (target >= 1.3 for full and diag with Adam at 384 px)")
print(f"  initial loss: engine {first['initial_loss']:.4f}, pytorch {torch[0]['initial_loss'][0]:.4f}")
json.dump({"engine_seconds_per_iteration": e, "pytorch_seconds_per_iteration": t, "ratio": t / e,
           "engine_initial_loss": first["initial_loss"], "pytorch_initial_loss": torch[0]["initial_loss"][0],
           "engine_rounds": [x["seconds_per_iteration"] for x in engine],
           "pytorch_rounds": [x["seconds_per_iteration"] for x in torch]},
          open(f"{out}/compare.json", "w"), indent=2)
PY
echo "results in $out" >&2
