#!/usr/bin/env bash
# The whole test suite: the Swift unit tests under ThreadSanitizer; the interoperability
# suite, which checks every image with real decoders (zbar, zxing-cpp) and the reference
# encoder (qrcodegen) and runs the fault drills in their bounded form, with the release
# binary that the packages ship; every fuzz target for 30 seconds from a fixed seed (after
# replaying its committed regression inputs); and the packages themselves.
# `make test-asan` and `make fuzz FUZZ_SECONDS=...` run the longer checks.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each step's time, printed at the end: the suite must stay well inside CI's 20 minutes.
times=()
step() {
  local start=$SECONDS
  "$@"
  times+=("$((SECONDS - start)) s  $*")
}
step scripts/setup.sh --test --dist
step swift build -c release --static-swift-stdlib --scratch-path .build-static --product qrbuild
step scripts/sanitize.sh thread --unit
FUZZ_SEED=20261207 step scripts/fuzz.sh 30
QRBUILD_BIN="$PWD/.build-static/release/qrbuild" step .venv/bin/python -m pytest -q -n 2 Tests/interop
# The packages: make install, and make dist's tarball and .deb, installed and run.
step .venv/bin/python -m pytest -q Tests/package
printf 'test.sh: %s\n' "${times[@]}"
echo "test.sh: all passed in $SECONDS s"
