#!/usr/bin/env bash
# make bench: QRCore/QRRender against libqrencode and segno on the same 10,000 URLs,
# each pinned to one core, each mode in its own process so peak memory is per mode.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --bench
out=bench/out
mkdir -p "$out"
.venv/bin/python bench/make_urls.py 10000 > "$out/urls.txt"
swift build -c release --product qrbuild-bench 2>&1 | tail -n 1
gcc -O2 -o "$out/qrencode_bench" bench/qrencode_bench.c $(pkg-config --cflags --libs libqrencode libpng)
rounds=${ROUNDS:-5}

measure() {  # name command... -> "codes/s peak_kB"
  local name=$1; shift
  local stats
  stats=$( { /usr/bin/time -f '%M' taskset -c 0 "$@" > "$out/$name.txt"; } 2>&1 | tail -n 1)
  echo "$(awk '{print $2}' "$out/$name.txt") $stats"
}

printf '%-8s %22s %22s %22s %12s %12s\n' mode "qrbuild codes/s (MB)" "libqrencode codes/s (MB)" "segno codes/s (MB)" "vs qrencode" "vs segno"
for mode in matrix svg png; do
  read -r ours ours_kb < <(measure "qrbuild-$mode" .build/release/qrbuild-bench "$mode" "$out/urls.txt" "$rounds")
  read -r qre qre_kb < <(measure "qrencode-$mode" "$out/qrencode_bench" "$mode" "$out/urls.txt" "$rounds")
  read -r seg seg_kb < <(measure "segno-$mode" .venv/bin/python bench/segno_bench.py "$mode" "$out/urls.txt" 1)
  awk -v m="$mode" -v a="$ours" -v ak="$ours_kb" -v b="$qre" -v bk="$qre_kb" -v c="$seg" -v ck="$seg_kb" 'BEGIN {
    printf "%-8s %14d (%5.1f) %16d (%5.1f) %16d (%5.1f) %11.2fx %11.1fx\n", m, a, ak/1024, b, bk/1024, c, ck/1024, a/b, a/c }'
done
# The PNG checksum is the total size of the 10,000 files: compare compression too, not only speed.
awk 'FNR == 1 { printf "average PNG size: %s %d bytes\n", FILENAME, $3 / 10000 }' \
  "$out/qrbuild-png.txt" "$out/qrencode-png.txt" "$out/segno-png.txt" | sed "s|$out/||; s|-png.txt||"
