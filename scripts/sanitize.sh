#!/usr/bin/env bash
# The Swift test suite under a sanitizer, then a build and an ingest by the instrumented
# binary: `scripts/sanitize.sh thread` (ThreadSanitizer) or `scripts/sanitize.sh address`
# (AddressSanitizer, with LeakSanitizer). Any report fails the run: none is suppressed.
# `--unit` after the sanitizer runs the Swift tests only (the test suite's form).
# Each sanitizer builds in its own folder (.build/tsan, .build/asan), beside the normal build.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizer="${1:-}"
unit_only=false
[ "${2:-}" = "--unit" ] && unit_only=true
case "$sanitizer" in
  thread) folder=.build/tsan ;;
  address) folder=.build/asan ;;
  *) echo "usage: scripts/sanitize.sh thread|address" >&2; exit 64 ;;
esac
scripts/setup.sh
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
export ASAN_OPTIONS="halt_on_error=1 detect_leaks=1 strict_string_checks=1 detect_stack_use_after_return=1"
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp print_suppressions=0"
swift build --build-tests --sanitize="$sanitizer" --scratch-path "$folder"
swift test --skip-build --sanitize="$sanitizer" --scratch-path "$folder" --parallel

if $unit_only; then echo "sanitize.sh: no $sanitizer sanitizer report in the Swift tests"; exit 0; fi

# The command line too: a build of the example and of a few hundred generated codes (images
# drawn on every core, archives zipped beside them), then an ingest of the example log.
binary="$(swift build --sanitize="$sanitizer" --scratch-path "$folder" --show-bin-path)/qrbuild"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp examples/qrcodes.json examples/access.log "$work/"
mkdir "$work/generated"
python3 - "$work/generated/qrcodes.json" <<'PYTHON'
import json, sys
alphabet = "23456789abcdefghjkmnpqrstuvwxyz"
def code_id(index):
    digits = ""
    for _ in range(6):
        digits += alphabet[index % 31]
        index //= 31
    return "qz" + digits
codes = [{"id": code_id(i), "name": f"code-{i}", "data": f"https://example.com/p/{i}",
          "returnType": [["png", "svg"], "pdf", "svg", "png"][i % 4], "tags": [f"t{i % 3}"],
          **({"style": {"shape": ["dots", "rounded", "classy"][i % 3], "finder": {"inner": "rounded"}}} if i % 5 == 0 else {})} for i in range(400)]
json.dump({"version": 1, "redirect": {"base": "https://qr.example.com/r/"}, "codes": codes}, open(sys.argv[1], "w"))
PYTHON
(cd "$work" && "$binary" build -o dist >/dev/null && "$binary" build -m generated/qrcodes.json -o gen >/dev/null \
  && "$binary" build -m generated/qrcodes.json -o gen >/dev/null && "$binary" ingest access.log >/dev/null \
  && "$binary" site -o dist >/dev/null)
echo "sanitize.sh: no $sanitizer sanitizer report"
