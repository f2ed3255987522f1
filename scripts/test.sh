#!/usr/bin/env bash
# The whole test suite: Swift unit tests, then the interoperability suite that checks
# every image with real decoders (zbar, zxing-cpp) and the reference encoder (qrcodegen).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test --dist
swift build --build-tests
swift test --skip-build --parallel
QRBUILD_BIN="$(swift build --show-bin-path)/qrbuild" \
  .venv/bin/python -m pytest -q -n 2 Tests/interop
# The packages: make install, and make dist's tarball and .deb, installed and run.
.venv/bin/python -m pytest -q Tests/package
