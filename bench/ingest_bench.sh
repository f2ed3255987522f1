#!/usr/bin/env bash
# make bench-ingest: qrbuild ingest on a realistic 2,000,000-line combined log (bench/make_log.py),
# against GoAccess and a mawk one-liner on the same file, in the same run.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# BENCH_DIR=/dev/shm/qrbuild-ingest measures on tmpfs, without the disk file system.
work=${BENCH_DIR:-$PWD/bench/out/ingest}
lines=${LINES:-2000000}
mkdir -p "$work"
geoip=$("$python" -c 'import _maxminddb_geolite2, os; print(os.path.join(os.path.dirname(_maxminddb_geolite2.__file__), "GeoLite2-City.mmdb"))')
if [ ! -s "$work/access.log" ] || [ "$(wc -l < "$work/access.log")" -ne "$lines" ]; then
  "$python" bench/make_manifest.py 5000 png > "$work/qrcodes.json"
  "$python" bench/make_log.py "$work/qrcodes.json" "$lines" > "$work/access.log"
fi
cat "$work/access.log" > /dev/null  # in the page cache for every contender alike

report() {  # name seconds peak
  awk -v n="$1" -v s="$2" -v p="$3" -v l="$lines" 'BEGIN { printf "%-32s %8.2f s %12.0f lines/s %8d MB\n", n, s, l / s, p }'
  echo "$1|$2|$3" >> "$work/results.txt"
}
: > "$work/results.txt"

rm -rf "$work/.qrbuild"
read -r s p < <(cd "$work" && timed "$qrbuild" ingest access.log --geoip "$geoip")
report "qrbuild ingest (GeoIP on)" "$s" "$p"
rm -rf "$work/.qrbuild"
read -r s p < <(cd "$work" && timed "$qrbuild" ingest access.log)
report "qrbuild ingest (no GeoIP)" "$s" "$p"
read -r s p < <(cd "$work" && timed "$qrbuild" ingest access.log --geoip "$geoip")
report "qrbuild ingest (again, all known)" "$s" "$p"
read -r s p < <(cd "$work" && timed goaccess access.log --log-format=COMBINED -o "$work/report.json")
report "goaccess" "$s" "$p"
if (goaccess --help 2>&1 || true) | grep -q -- --geoip-database; then
  read -r s p < <(cd "$work" && timed goaccess access.log --log-format=COMBINED --geoip-database="$geoip" -o "$work/report-geo.json")
  report "goaccess (GeoIP on)" "$s" "$p"
fi
read -r s p < <(cd "$work" && timed mawk '{ split($4, t, ":"); n[$7 " " substr(t[1], 2)]++ } END { for (k in n) print k, n[k] }' access.log)
report "mawk (hits per path per day)" "$s" "$p"

awk -F'|' '{ t[$1] = $2 } END {
  q = t["qrbuild ingest (GeoIP on)"]
  printf "qrbuild (GeoIP on) vs goaccess: %.1fx the lines/s; vs mawk: %.2fx\n", t["goaccess"] / q, t["mawk (hits per path per day)"] / q
  if ("goaccess (GeoIP on)" in t) printf "vs goaccess with GeoIP: %.1fx\n", t["goaccess (GeoIP on)"] / q
}' "$work/results.txt"
