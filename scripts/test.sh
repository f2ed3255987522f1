#!/usr/bin/env bash
# The whole test suite: the Swift unit tests under ThreadSanitizer, the interoperability
# suite that checks every image with real decoders (zbar, zxing-cpp) and the reference
# encoder (qrcodegen) and runs the fault drills, the packages, and every fuzz target for
# FUZZ_SECONDS (30) with its committed regressions replayed first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test --dist
swift build
# The fuzzers are built first and then run on one core, one after another, while the
# other suites run: their time is fixed, so they cost wall time only where a core is idle.
FUZZ_BUILD_ONLY=1 scripts/fuzz.sh >/dev/null
mkdir -p .build/fuzz
(FUZZ_JOBS=1 FUZZ_SKIP_BUILD=1 scripts/fuzz.sh "${FUZZ_SECONDS:-30}" > .build/fuzz/suite.log 2>&1; echo $? > .build/fuzz/suite.rc) &
fuzzing=$!
scripts/sanitize.sh thread
QRBUILD_BIN="$(swift build --show-bin-path)/qrbuild" \
  .venv/bin/python -m pytest -q -n 2 Tests/interop
# The packages: make install, and make dist's tarball and .deb, installed and run.
.venv/bin/python -m pytest -q Tests/package
wait "$fuzzing" || true
cat .build/fuzz/suite.log
[ "$(cat .build/fuzz/suite.rc)" = 0 ]
