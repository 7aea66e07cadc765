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

if [ $failures -ne 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
echo "all package checks passed"
