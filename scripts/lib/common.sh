# Shared by scripts/civi, scripts/test and scripts/bench: locate the project and install what the
# build needs from Debian when it is missing (as root, or through sudo).
set -euo pipefail
CIVI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export CIVI_ROOT

civi_apt_install() {
    local missing=()
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "civi: need root or sudo to install: ${missing[*]}" >&2; exit 2; }
        sudo=(sudo)
    fi
    echo "civi: installing ${missing[*]} (apt-get)" >&2
    "${sudo[@]}" apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >&2
}

civi_install_build_deps() {
    command -v swift >/dev/null || { echo "civi: the Swift toolchain is not on PATH" >&2; exit 2; }
    civi_apt_install libedit-dev libsqlite3-dev pkg-config
}
