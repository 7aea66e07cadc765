#!/usr/bin/env bash
# Builds Gram Studio and runs the whole test suite with CTest.
#   ./test.sh             Release build in build/, every test (GUI tests offscreen and under Xvfb)
#   ./test.sh --sanitize  the same under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/)
#   ./test.sh --fuzz [S]  libFuzzer targets for S seconds each (default 60; needs clang)
#   ./test.sh --soak      only the 2,000-iteration soak test (about 10 minutes)
# Extra arguments after -- go to ctest (e.g. ./test.sh -- -R losses).
set -euo pipefail
source "$(dirname "$0")/scripts/setup.sh"
cd "$GS_ROOT"

build_dir=build
cmake_args=(-DCMAKE_BUILD_TYPE=Release)
ctest_args=(-LE soak)
mode=tests
fuzz_seconds=60
while [ $# -gt 0 ]; do
    case "$1" in
        --sanitize) build_dir=build-asan
                    cmake_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DGRAMSTUDIO_SANITIZE=ON -DGRAMSTUDIO_PCH=OFF) ;;
        --fuzz) mode=fuzz
                if [[ "${2:-}" =~ ^[0-9]+$ ]]; then fuzz_seconds="$2"; shift; fi ;;
        --soak) ctest_args=(-L soak) ;;
        --) shift; ctest_args+=("$@"); break ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "test.sh: unknown option '$1' (see ./test.sh --help)" >&2; exit 2 ;;
    esac
    shift
done

gs_install_packages
if [ "$mode" = fuzz ]; then
    exec tests/fuzz/run_fuzzers.sh "$fuzz_seconds"
fi
gs_build "$build_dir" "${cmake_args[@]}"

export QT_QPA_PLATFORM=offscreen
if [ "$build_dir" = build-asan ]; then
    # LibTorch's own allocations are not ours to judge; leaks in it would drown real reports.
    export ASAN_OPTIONS="detect_leaks=0:detect_odr_violation=0:${ASAN_OPTIONS:-}"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
fi
# CTest runs two tests at once on a machine that may have two cores, and LibTorch's OpenMP
# threads spin while they wait: two processes of spinning threads slow each other tenfold (a 64 px
# iteration 13 ms alone, 270 ms beside a 512 px run; with passive waiting 23 ms), and the window
# tests' waits then time out. Passive waiting costs a lone run a few per cent.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
gs_log "Running tests"
ctest --test-dir "$build_dir" --output-on-failure -j 2 --timeout 600 "${ctest_args[@]}"
