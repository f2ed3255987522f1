#!/usr/bin/env bash
# Installs what qrbuild needs on Debian/Ubuntu, skipping what is already there.
# Usage: scripts/setup.sh [--test] [--bench] [--dist]
#   (none)   build dependencies (zlib headers)
#   --test   also the decoders and tools the test suite checks output with, and a
#            Python virtualenv (.venv) with the reference encoder and decoders
#   --bench  also the peers the benchmark measures against (libqrencode, segno)
#   --dist   also the packaging tools `make dist` uses (dpkg-dev, lintian)
# Safe to run any number of times.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=false
want_bench=false
want_dist=false
for arg in "$@"; do
  case "$arg" in
    --test) want_test=true ;;
    --bench) want_bench=true ;;
    --dist) want_dist=true ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 64 ;;
  esac
done

command -v swift >/dev/null || {
  echo "setup.sh: Swift 6 is required and not on PATH (see https://www.swift.org/install/linux/)" >&2
  exit 69
}
# On PATH is not enough: a toolchain without its system libraries fails only when run.
if ! swift_version=$(swift --version 2>&1); then
  echo "setup.sh: swift is on PATH but does not run:" >&2
  echo "$swift_version" | sed 's/^/  /' >&2
  echo "Install the toolchain's prerequisites (https://www.swift.org/install/linux/), on Debian 12:" >&2
  echo "  apt-get install binutils libc6-dev libcurl4-openssl-dev libedit2 libgcc-12-dev libpython3-dev" >&2
  echo "    libsqlite3-0 libstdc++-12-dev libxml2-dev libz3-dev pkg-config tzdata zlib1g-dev" >&2
  exit 69
fi

# The system libraries the Sources/C*/module.modulemap files link, by package:
#   libcairo2-dev: cairo; librsvg2-dev: rsvg-2; libgdk-pixbuf-2.0-dev: gdk_pixbuf-2.0;
#   libpango1.0-dev: pango-1.0, pangocairo-1.0; libglib2.0-dev: glib-2.0, gobject-2.0;
#   libjpeg-dev: jpeg; libzbar-dev: zbar. Fonts for frame text in Latin, CJK and Arabic scripts.
packages=(zlib1g-dev libarchive-dev libsqlite3-dev libmaxminddb-dev libcairo2-dev librsvg2-dev libgdk-pixbuf-2.0-dev
          libjpeg-dev libpango1.0-dev libglib2.0-dev libzbar-dev fonts-dejavu-core fonts-noto-core fonts-noto-cjk pkg-config)
$want_test && packages+=(zbar-tools pngcheck librsvg2-bin inkscape nginx-light faketime wrk curl chromium chromium-driver time libzxing-core-java default-jdk-headless poppler-utils ghostscript qpdf)
$want_dist && packages+=(dpkg-dev lintian binutils)
$want_bench && packages+=(libqrencode-dev libpng-dev gcc make time qrencode zip nginx-light wrk curl bc goaccess mawk)
# Debian's python3 needs python3-venv to make a virtualenv; other Pythons bring ensurepip.
if { $want_test || $want_bench; } && ! python3 -c "import ensurepip, venv" 2>/dev/null; then
  packages+=(python3-venv)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup.sh: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if $want_test || $want_bench; then
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
    # A current pip and wheel first: older ones build some packages through setup.py install.
    .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip wheel
  fi
  requirements=()
  $want_test && requirements+=(-r Tests/interop/requirements.txt)
  $want_bench && requirements+=(-r bench/requirements.txt)
  # pip contacts the index only for requirements that are not yet satisfied.
  .venv/bin/python -m pip install -q --disable-pip-version-check "${requirements[@]}"
fi
