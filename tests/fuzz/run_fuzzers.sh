#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in a separate build folder and runs each one for the
# given number of seconds, starting from the seed corpus in tests/fuzz/corpus/<target>/.
# Usage: tests/fuzz/run_fuzzers.sh [seconds-per-target, default 60] [target...]
# Environment: BUILD_DIR (default <repo>/build-fuzz), JOBS (build jobs, default: all cores).
# Exits 1 when a target crashes (the input is saved as <build>/fuzz/<target>/crash-*), 2 when
# the build fails.
set -uo pipefail

seconds=${1:-60}
shift || true
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$root/build-fuzz}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_image_decode fuzz_safetensors_header)
export CCACHE_BASEDIR=$root

echo "== configuring $build (clang)"
mkdir -p "$build"
CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGRAMSTUDIO_FUZZ=ON \
  -DGRAMSTUDIO_BUILD_UI=OFF -DGRAMSTUDIO_BUILD_TESTS=OFF -DGRAMSTUDIO_BUILD_BENCH=OFF >"$build/configure.log" 2>&1 \
  || { cat "$build/configure.log"; echo "configure failed"; exit 2; }
echo "== building ${targets[*]}"
cmake --build "$build" --target "${targets[@]}" -j"${JOBS:-$(nproc)}" || { echo "build failed"; exit 2; }

declare -A dictionary=([fuzz_image_decode]=image_decode.dict [fuzz_safetensors_header]=safetensors.dict)
failed=0
summary=()
for target in "${targets[@]}"; do
  work=$build/fuzz/$target
  mkdir -p "$work/corpus"
  dict=${dictionary[$target]:-}
  echo "== running $target for ${seconds}s (log: $work/log.txt)"
  # New inputs go to the first folder (the build's), the checked-in seeds are only read.
  "$build/bin/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -print_final_stats=1 -artifact_prefix="$work/" ${dict:+-dict="$root/tests/fuzz/$dict"} \
    "$work/corpus" "$root/tests/fuzz/corpus/$target" >"$work/log.txt" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log.txt" | grep -o '[0-9]*$' | tail -1)
  corpus=$(find "$work/corpus" -type f | wc -l)
  if [ $status -eq 0 ]; then
    summary+=("$target: ok, ${runs:-?} runs, corpus $corpus files")
  else
    failed=1
    artifacts=$(ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* 2>/dev/null | tr '\n' ' ')
    summary+=("$target: FAILED (exit $status), ${runs:-?} runs; inputs: ${artifacts:-none}")
    grep -m1 -E 'ERROR: |SUMMARY: |runtime error|terminate called' "$work/log.txt" | sed 's/^/    /'
  fi
done

echo "== summary"
printf '  %s\n' "${summary[@]}"
exit $failed
