#!/usr/bin/env bash
# Shared by run.sh and test.sh: install missing Debian packages, then configure and build.
# Usage: source scripts/setup.sh; gs_install_packages; gs_build BUILD_DIR [cmake args...]
set -euo pipefail

GS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

gs_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Installs the packages of packaging/debian-packages.txt that are missing (sudo when not root).
gs_install_packages() {
    local wanted missing=()
    wanted=$(grep -v '^\s*#' "$GS_ROOT/packaging/debian-packages.txt" | awk 'NF {print $1}')
    for pkg in $wanted; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    gs_log "Installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Configures (once) and builds incrementally.
gs_build() {
    local dir="$1"; shift
    local generator=()
    command -v ninja >/dev/null && generator=(-G Ninja)
    if [ ! -f "$dir/CMakeCache.txt" ]; then
        gs_log "Configuring $dir"
        cmake -S "$GS_ROOT" -B "$dir" "${generator[@]}" "$@"
    else
        cmake -S "$GS_ROOT" -B "$dir" "$@" >/dev/null
    fi
    gs_log "Building $dir"
    cmake --build "$dir" -j "$(nproc)"
}
