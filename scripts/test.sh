#!/usr/bin/env bash
# The whole test suite: the Swift unit tests under ThreadSanitizer, the interoperability
# suite that checks every image with real decoders (zbar, zxing-cpp) and the reference
# encoder (qrcodegen) and runs the fault drills in their bounded form, and the packages.
# `make test-tsan`, `make test-asan` and `make fuzz` run the longer checks.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test --dist
swift build
scripts/sanitize.sh thread --unit
QRBUILD_BIN="$(swift build --show-bin-path)/qrbuild" \
  .venv/bin/python -m pytest -q -n 2 Tests/interop
# The packages: make install, and make dist's tarball and .deb, installed and run.
.venv/bin/python -m pytest -q Tests/package
