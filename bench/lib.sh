# Sourced by the benchmark scripts: the tools the peers need, a release build of qrbuild,
# and `timed`. Leaves the shell in the repository's root.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh --bench
swift build -c release --product qrbuild 2>&1 | tail -n 1
qrbuild=$PWD/.build/release/qrbuild
python=$PWD/.venv/bin/python

timed() {  # prints "seconds peak_MB" for the command
  /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -n 1 | awk '{printf "%.2f %.0f\n", $1, $2 / 1024}'
}
