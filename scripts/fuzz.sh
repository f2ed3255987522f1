#!/usr/bin/env bash
# Coverage-guided fuzzing of qrbuild's parsers with libFuzzer and AddressSanitizer.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET ...]   (make fuzz FUZZ_SECONDS=600)
#   SECONDS  how long each target runs (default 30); targets run one after another,
#            FUZZ_JOBS at a time (default: one per core)
#   TARGET   FuzzManifest FuzzCSV FuzzLogLine FuzzURL FuzzPayload FuzzGeoIP FuzzLogo FuzzRequest
#            (default all)
# Each target starts from its committed seeds (Fuzz/corpus/<target>) and the corpus earlier
# runs grew (.build/fuzz/corpus/<target>, kept between runs). A crash or a broken property
# stops the run: the input is saved as .build/fuzz/crashes/<target>/crash-*; commit it to
# Fuzz/regressions/<target>/, where every later run (and CI) replays it first.
# FUZZ_BUILD_ONLY=1 builds the targets and stops; FUZZ_SKIP_BUILD=1 runs them as built.
# FUZZ_SEED=N fixes libFuzzer's random seed, so that a short run (CI's) tries the same inputs
# each time on a machine of the same speed: a new finding comes from a change, not from luck.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzManifest FuzzCSV FuzzLogLine FuzzURL FuzzPayload FuzzGeoIP FuzzLogo FuzzRequest)
jobs="${FUZZ_JOBS:-$(nproc)}"
instrumented() {
  local output
  output=$(SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 ".build/fuzz/debug/$1" -runs=0 "Fuzz/corpus/$1" 2>&1 || true)
  grep -q "INITED cov: [1-9]" <<<"$output"
}
# True when the target's own Swift code checks its memory accesses.
address_checked() {
  local objects=(.build/fuzz/debug/"$1".build/*.o)
  # grep -c reads to the end: -q would stop nm with SIGPIPE, which pipefail reports.
  nm "${objects[@]}" 2>/dev/null | grep -c "__asan_" >/dev/null
}
if [ -z "${FUZZ_SKIP_BUILD:-}" ]; then
  scripts/setup.sh
  mkdir -p .build/fuzz
  for target in "${targets[@]}"; do
    # SwiftPM hands swiftc one `-sanitize=` per sanitizer, in a hash set's order, and swiftc
    # keeps only the last: about every other build had no AddressSanitizer in Swift code. The
    # combined flag comes last and wins; fixed hashing keeps the order, so that a second
    # target's build does not compile everything again for a reordered command line.
    # `--sanitize fuzzer` alone also leaves Swift modules without coverage counters in a
    # fresh build (swift-frontend gets no -sanitize-coverage from SwiftPM): they are asked for.
    SWIFT_DETERMINISTIC_HASHING=1 QRBUILD_FUZZ=1 swift build --scratch-path .build/fuzz \
      --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address \
      -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp --product "$target" \
      > .build/fuzz/build.log 2>&1 || { grep -v "Cannot export local symbol" .build/fuzz/build.log >&2; exit 1; }
    # A fuzzer blind to coverage would be random testing, and one without AddressSanitizer
    # would miss the memory errors it is for: both refused.
    instrumented "$target" || { echo "fuzz.sh: $target is built without coverage instrumentation" >&2; exit 1; }
    address_checked "$target" || { echo "fuzz.sh: $target's Swift code is built without AddressSanitizer" >&2; exit 1; }
  done
fi
[ -z "${FUZZ_BUILD_ONLY:-}" ] || exit 0
export ASAN_OPTIONS="detect_leaks=0 halt_on_error=1"  # libFuzzer's own leak check is on (-detect_leaks=1)
# Swift's own crash handler would read the crashed process's memory under ASan and report
# that instead of the failed property.
export SWIFT_BACKTRACE=enable=no
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp print_suppressions=0"
summary=()
run() {
  local target="$1" corpus=".build/fuzz/corpus/$1" crashes=".build/fuzz/crashes/$1"
  mkdir -p "$corpus" "$crashes"
  if [ -d "Fuzz/regressions/$target" ] && [ -n "$(ls -A "Fuzz/regressions/$target")" ]; then
    ".build/fuzz/debug/$target" -runs=0 "Fuzz/regressions/$target"/* > ".build/fuzz/$target.regressions.log" 2>&1 \
      || { echo "fuzz.sh: $target fails a committed regression input (see .build/fuzz/$target.regressions.log)" >&2; return 1; }
  fi
  ".build/fuzz/debug/$target" "$corpus" "Fuzz/corpus/$target" ${FUZZ_SEED:+-seed="$FUZZ_SEED"} -max_total_time="$seconds" -max_len=65536 \
    -timeout=20 -rss_limit_mb=3072 -artifact_prefix="$crashes/" -print_final_stats=1 > ".build/fuzz/$target.log" 2>&1 || {
    echo "fuzz.sh: $target found a problem:" >&2
    grep -E "ERROR|Fatal error|precondition|SUMMARY|Test unit written" ".build/fuzz/$target.log" | head -8 >&2
    return 1
  }
}
failed=0
pids=()
names=()
for target in "${targets[@]}"; do
  run "$target" & pids+=($!); names+=("$target")
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || failed=1
    pids=("${pids[@]:1}")
  fi
done
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
for target in "${targets[@]}"; do
  log=".build/fuzz/$target.log"
  runs=$(grep -o "stat::number_of_executed_units: *[0-9]*" "$log" | grep -o "[0-9]*$" || echo "?")
  cov=$(grep -o "cov: [0-9]*" "$log" | tail -1 | grep -o "[0-9]*" || echo "?")
  corpus=$(ls ".build/fuzz/corpus/$target" | wc -l)
  echo "fuzz.sh: $target: $runs inputs in ${seconds}s, $cov coverage edges, corpus $corpus"
done
exit $failed
