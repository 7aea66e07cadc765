#!/usr/bin/env bash
# Builds the Debian package from an already built tree, unpacks it into a temporary root and checks
# what a user would get: files, control fields, desktop entry, AppStream data, and a working CLI.
# Usage: package_test.sh BUILD_DIR WEIGHTS_FILE EXPECT_UI(ON|OFF) EXPECT_SAMPLES(ON|OFF)
# Exit 77 (CTest: skipped) where the tools to make or open a .deb are missing.
set -uo pipefail

build_dir="$1" weights="$2" expect_ui="$3" expect_samples="$4"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "ok:   $*"; }

for tool in cpack dpkg-deb; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool not installed"; exit 77; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/gramstudio-pkg.XXXXXX")
trap 'rm -rf "$work"' EXIT

# cpack runs the install rules itself (no rebuild) and writes into $work, away from the build tree.
if ! cpack --config "$build_dir/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log" >&2
    echo "FAIL: cpack could not build the package" >&2
    exit 1
fi
deb=$(ls "$work"/out/gramstudio_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { cat "$work/cpack.log" >&2; echo "FAIL: no gramstudio_*.deb in $work/out" >&2; exit 1; }
ok "built $(basename "$deb")"

# Control fields.
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = gramstudio ] && ok "Package: gramstudio" || fail "Package is '$(field Package)'"
[ "$(field Section)" = graphics ] && ok "Section: graphics" || fail "Section is '$(field Section)'"
[ -n "$(field Version)" ] && ok "Version: $(field Version)" || fail "no Version"
[ -n "$(field Maintainer)" ] && ok "Maintainer: $(field Maintainer)" || fail "no Maintainer"
depends=$(field Depends)
echo "      Depends: $depends"
[[ "$depends" == *libc6* ]] && ok "Depends names libc6" || fail "Depends lacks libc6: '$depends'"
[[ "$depends" =~ libtorch ]] && ok "Depends names LibTorch" || fail "Depends lacks libtorch: '$depends'"
[[ "$depends" =~ libssl3 ]] && ok "Depends names libssl3 (SHA-256)" || fail "Depends lacks libssl3: '$depends'"
if [ "$expect_ui" = ON ]; then
    [[ "$depends" == *qt6-qpa-plugins* ]] && ok "Depends names qt6-qpa-plugins" || fail "Depends lacks qt6-qpa-plugins"
fi

# Files.
root="$work/root"
dpkg-deb -x "$deb" "$root" || { echo "FAIL: dpkg-deb -x" >&2; exit 1; }
expect_file() { [ -s "$root/$1" ] && ok "has /$1" || fail "missing /$1"; }
expect_file usr/bin/gramstudio-cli
expect_file usr/share/gramstudio/manifest.json
expect_file usr/share/doc/gramstudio/README.md
if [ "$expect_ui" = ON ]; then
    expect_file usr/bin/gramstudio
    expect_file usr/share/applications/gramstudio.desktop
    expect_file usr/share/metainfo/io.gramstudio.GramStudio.metainfo.xml
    expect_file usr/share/icons/hicolor/scalable/apps/gramstudio.svg
fi
if [ "$expect_samples" = ON ]; then
    for sample in building.jpg starry_night.jpg README.md; do expect_file "usr/share/gramstudio/samples/$sample"; done
elif [ "$expect_ui" = ON ]; then
    echo "note: no sample images in this tree's development data; the package ships none and --demo is not checked"
fi
if find "$root" -name '*.safetensors' | grep -q .; then fail "the package contains weights"; fi

# Desktop entry and AppStream data.
if [ "$expect_ui" = ON ]; then
    if command -v desktop-file-validate >/dev/null; then
        desktop-file-validate "$root/usr/share/applications/gramstudio.desktop" \
            && ok "desktop-file-validate" || fail "desktop-file-validate"
    else
        echo "note: desktop-file-validate not installed (desktop-file-utils); entry not validated"
    fi
    if command -v appstreamcli >/dev/null; then
        appstreamcli validate --no-net "$root/usr/share/metainfo/io.gramstudio.GramStudio.metainfo.xml" >"$work/as.log" 2>&1 \
            && ok "appstreamcli validate" || { cat "$work/as.log" >&2; fail "appstreamcli validate"; }
    else
        echo "note: appstreamcli not installed (appstream); metainfo not validated"
    fi
fi

# Every linked library resolves on this system (LibTorch, OpenCV, Qt come from Debian packages).
for exe in "$root"/usr/bin/*; do
    if ldd "$exe" | grep -q 'not found'; then fail "unresolved libraries in $(basename "$exe"): $(ldd "$exe" | grep 'not found' | tr -s ' \t' ' ')"
    else ok "ldd $(basename "$exe") resolves"; fi
done

# The installed CLI works.
cli="$root/usr/bin/gramstudio-cli"
if [ -x "$cli" ]; then
    out=$("$cli" --help 2>&1); rc=$?
    if [ $rc -eq 0 ] && grep -qi 'usage' <<<"$out" && grep -q -- '--content' <<<"$out"; then ok "gramstudio-cli --help"
    else fail "gramstudio-cli --help: exit $rc, output: $(head -c 400 <<<"$out")"; fi

    out=$("$cli" layers --weights "$weights" 2>&1); rc=$?
    want="conv1_1 conv1_2 conv2_1 conv2_2 conv3_1 conv3_2 conv3_3 conv3_4"
    missing=""
    for layer in $want; do grep -qw "$layer" <<<"$out" || missing+=" $layer"; done
    if [ $rc -ne 0 ]; then fail "gramstudio-cli layers: exit $rc, output: $(head -c 400 <<<"$out")"
    elif [ -n "$missing" ]; then fail "gramstudio-cli layers lacks:$missing (output: $(head -c 400 <<<"$out"))"
    else ok "gramstudio-cli layers --weights lists conv1_1 ... conv3_4"; fi
fi

# No build-tree path in what users install (issue 17): the development data folder is found only
# through build/bin/gramstudio-development-data.txt, which is never installed.
source_dir=$(cd "$(dirname "$0")/../.." && pwd -P)
build_real=$(cd "$build_dir" && pwd -P)
if ! command -v strings >/dev/null; then
    fail "strings (binutils) not installed: the binaries' paths cannot be checked"
else
    for exe in "$root"/usr/bin/*; do
        leaks=$(strings -a "$exe" | grep -F -e "$source_dir" -e "$build_real" -e "$build_dir" -e "../shared" -e "/shared/models" -e "/shared/images" | sort -u | head -5)
        if [ -n "$leaks" ]; then fail "$(basename "$exe") contains build-tree paths: $(tr '\n' ' ' <<<"$leaks")"
        else ok "$(basename "$exe") holds no build-tree or ../shared path"; fi
    done
fi
if find "$root" -name 'gramstudio-development-data*' | grep -q .; then fail "the package contains the build tree's development-data file"; fi

# A first run from the package: a clean HOME (empty XDG folders), no weights anywhere, started
# from an unrelated folder. The CLI must find none and say how to get them.
clean="$work/clean-home"
mkdir -p "$clean/data" "$clean/config" "$clean/cache" "$clean/runtime" "$clean/cwd"
chmod 700 "$clean/runtime"
clean_env=(env -i PATH=/usr/bin:/bin HOME="$clean" XDG_DATA_HOME="$clean/data" XDG_CONFIG_HOME="$clean/config"
           XDG_CACHE_HOME="$clean/cache" XDG_RUNTIME_DIR="$clean/runtime" LANG=C.UTF-8)
if [ -x "$cli" ]; then
    out=$(cd "$clean/cwd" && "${clean_env[@]}" "$cli" layers 2>&1); rc=$?
    if [ $rc -eq 0 ]; then fail "gramstudio-cli layers found weights in a clean HOME: $(head -c 400 <<<"$out")"
    elif ! grep -q "no VGG-19 weights file found" <<<"$out"; then fail "gramstudio-cli layers (clean HOME): exit $rc without the no-weights message: $(head -c 400 <<<"$out")"
    elif ! grep -qF 'Download them with `gramstudio-cli fetch-weights` (into '"$clean/data/gramstudio/models"')' <<<"$out"; then
        fail "the no-weights message does not say how to get them: $(head -c 600 <<<"$out")"
    elif grep -q "shared" <<<"$out"; then fail "the installed CLI looked at a development folder: $(head -c 600 <<<"$out")"
    else ok "gramstudio-cli layers in a clean HOME: exit $rc, no weights, says to run gramstudio-cli fetch-weights"; fi

    out=$(cd "$clean/cwd" && "${clean_env[@]}" "$cli" --content "$root/usr/share/gramstudio/samples/building.jpg" \
          --style "$root/usr/share/gramstudio/samples/starry_night.jpg" --out "$clean/cwd/out.png" --size 32 --iters 1 2>&1); rc=$?
    if [ $rc -eq 3 ] && grep -q "gramstudio-cli fetch-weights" <<<"$out" && [ ! -e "$clean/cwd/out.png" ]; then
        ok "gramstudio-cli run in a clean HOME: exit 3, says how to get the weights, writes nothing"
    else fail "gramstudio-cli run in a clean HOME: exit $rc (want 3), output: $(head -c 600 <<<"$out")"; fi
fi

# The window's demo from the package: its installed sample images, weights from GRAMSTUDIO_WEIGHTS,
# offscreen, one iteration, then it grabs itself and quits.
gui="$root/usr/bin/gramstudio"
if [ "$expect_ui" = ON ] && [ "$expect_samples" = ON ] && [ -x "$gui" ]; then
    out=$(cd "$clean/cwd" && timeout 180 "${clean_env[@]}" QT_QPA_PLATFORM=offscreen GRAMSTUDIO_WEIGHTS="$weights" \
          "$gui" --demo --size 64 --screenshot "$clean/demo.png" --screenshot-after 1 2>&1); rc=$?
    if [ $rc -eq 0 ] && [ -s "$clean/demo.png" ] && [ -s "$clean/demo.canvas.png" ] && grep -q "screenshot at iteration 1" <<<"$out"; then
        ok "gramstudio --demo from the package ran an iteration on its installed samples"
    else fail "gramstudio --demo from the package: exit $rc (124: timed out, the demo did not start), output: $(tail -c 600 <<<"$out")"; fi
fi

if [ $failures -ne 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
echo "all package checks passed"
