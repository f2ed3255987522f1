#!/usr/bin/env bash
# make bench-site: `qrbuild site` for 10,000 codes with the 2,000,000-line benchmark log
# (bench/make_log.py, 90 days) ingested with GeoIP: time, peak memory, total size, the
# gallery's compressed size and the largest code page; and, for reference in the same
# run, GoAccess writing its HTML report for the same log.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
work=${BENCH_DIR:-$PWD/bench/out/site}
lines=${LINES:-2000000}
codes=${CODES:-10000}
mkdir -p "$work"
geoip=$("$python" -c 'import _maxminddb_geolite2, os; print(os.path.join(os.path.dirname(_maxminddb_geolite2.__file__), "GeoLite2-City.mmdb"))')
if [ ! -s "$work/access.log" ] || [ "$(wc -l < "$work/access.log")" -ne "$lines" ]; then
  "$python" bench/make_manifest.py "$codes" svg > "$work/qrcodes.json"
  "$python" bench/make_log.py "$work/qrcodes.json" "$lines" > "$work/access.log"
  rm -rf "$work/.qrbuild" "$work/dist" "$work/qrbuild.lock.json"
fi
[ -d "$work/dist/images" ] || (cd "$work" && "$qrbuild" build -q)
[ -s "$work/.qrbuild/analytics.sqlite" ] || (cd "$work" && "$qrbuild" ingest -q access.log --geoip "$geoip")
# The first site after a build made before print-size PNGs existed draws all of them;
# every later one links the unchanged ones. Timed apart.
first_seconds=0
if [ ! -s "$work/dist/site/print/.qrbuild-cache" ]; then
  read -r first_seconds _ < <(cd "$work" && timed "$qrbuild" site -q)
fi
read -r site_seconds site_peak < <(cd "$work" && timed "$qrbuild" site -q)
read -r goaccess_seconds goaccess_peak < <(cd "$work" && timed goaccess access.log --log-format=COMBINED --geoip-database="$geoip" -o "$work/report.html")
root="$work/dist/site"
total=$(du -sb --exclude=images --exclude=print "$root" | cut -f1)
print_total=$(du -sb "$root/print" | cut -f1)
gallery=$(gzip -9c "$root/index.html" | wc -c)
largest_page=$(find "$root/codes" -name '*.html' -printf '%s\n' | sort -n | tail -1)
pages=$(find "$root" -name '*.html' | wc -l)
awk -v f="$first_seconds" -v s="$site_seconds" -v p="$site_peak" -v g="$goaccess_seconds" -v gp="$goaccess_peak" -v t="$total" -v gz="$gallery" \
    -v lp="$largest_page" -v pt="$print_total" -v n="$pages" -v c="$codes" 'BEGIN {
  printf "qrbuild site (%d codes, %d pages)   %6.2f s  %5d MB  %6.1f MB written (images and print PNGs linked, not counted)\n", c, n, s, p, t / 1048576
  printf "print-size PNGs (3 per code)        %6.1f MB\n", pt / 1048576
  if (f > 0) printf "  (first run, drawing the print PNGs: %.2f s)\n", f
  printf "gallery index.html gzip -9          %6.0f KB\n", gz / 1024
  printf "largest code page                   %6.0f KB\n", lp / 1024
  printf "goaccess HTML report (GeoIP on)     %6.2f s  %5d MB\n", g, gp
}'
