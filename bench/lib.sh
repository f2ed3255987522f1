# Sourced by the benchmark scripts: the tools the peers need, a release build of qrbuild,
# and `timed`. Leaves the shell in the repository's root.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh --bench
swift build -c release --product qrbuild 2>&1 | tail -n 1
qrbuild=$PWD/.build/release/qrbuild
python=$PWD/.venv/bin/python

timed() {  # prints "seconds peak_MB" for the command
  # Wall time from the shell's clock, to the millisecond (time's %e has 10 ms steps, 3% of
  # a 10,000-code build); peak memory from time.
  local start=$EPOCHREALTIME peak
  peak=$(/usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1)
  awk -v s="$start" -v e="$EPOCHREALTIME" -v p="$peak" 'BEGIN { printf "%.3f %.0f\n", e - s, p / 1024 }'
}
