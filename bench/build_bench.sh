#!/usr/bin/env bash
# make bench-build: qrbuild build on 10,000 and 100,000 dynamic URL codes (SVG and PNG) with
# bulk archives (cold, unchanged, and after one set-destination), against what a user does
# by hand for 1,000 codes: a shell loop over the qrencode CLI, then zip.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# BENCH_DIR=/dev/shm/qrbuild-bench measures on tmpfs, without the disk file system.
work=${BENCH_DIR:-$PWD/bench/out/build}
rm -rf "$work"
mkdir -p "$work"
sizes=${SIZES:-"10000 100000"}

printf '%-7s %-4s %12s %10s %9s %14s %14s\n' codes kind "cold s" "codes/s" "peak MB" "unchanged s" "1 edit s"
for size in $sizes; do
  for kind in svg png; do
    dir=$work/$size-$kind
    mkdir -p "$dir"
    "$python" bench/make_manifest.py "$size" "$kind" > "$dir/qrcodes.json"
    read -r cold peak < <(cd "$dir" && timed "$qrbuild" build)
    read -r again _ < <(cd "$dir" && timed "$qrbuild" build)
    first=$(cd "$dir" && "$qrbuild" list --limit 1 --json | "$python" -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["id"])')
    (cd "$dir" && "$qrbuild" set-destination "$first" "https://example.com/changed" >/dev/null)
    read -r edit _ < <(cd "$dir" && timed "$qrbuild" build)
    awk -v s="$size" -v k="$kind" -v c="$cold" -v p="$peak" -v a="$again" -v e="$edit" \
      'BEGIN { printf "%-7d %-4s %12.2f %10.0f %9d %14.2f %14.2f\n", s, k, c, s / c, p, a, e }'
    echo "$size $kind $cold $peak $again $edit" >> "$work/results.txt"
  done
done

# The peer: 1,000 codes by hand.
hand=$work/by-hand
mkdir -p "$hand"
"$python" bench/make_manifest.py 1000 png > "$hand/qrcodes.json"
"$python" -c 'import json,sys; [print(c["id"]) for c in json.load(open(sys.argv[1]))["codes"]]' "$hand/qrcodes.json" > "$hand/ids.txt"
cat > "$hand/by-hand.sh" <<'SH'
while read -r id; do qrencode -l M -s 10 -m 4 -o "images/$id.png" "https://qr.example.com/r/$id"; done < ids.txt
zip -q -r all.zip images
SH
# One run of either is noisy on a shared machine (a few percent either way), so the ratio
# takes the median of repeated runs of both, made in turn in this same run. Each run writes
# into a folder of its own and nothing is deleted until all are done: deleting thousands
# of files leaves the kernel freeing them for a while after, which slowed whichever run
# came next (measured: 5% of a 10,000-code build). `sync` lets a disk's writeback of the
# previous run finish before the next starts.
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio_dir=$work/ratio-10000-png
mkdir -p "$ratio_dir"
"$python" bench/make_manifest.py 10000 png > "$ratio_dir/qrcodes.json"
rm -f "$work/manual.txt" "$work/cold.txt"
for round in 1 2 3 4 5; do
  if [ "$round" -le 3 ]; then
    run=$hand/round-$round
    mkdir -p "$run/images"
    cp "$hand/ids.txt" "$hand/by-hand.sh" "$run/"
    sync
    (cd "$run" && timed bash by-hand.sh) | awk '{ print $1 }' >> "$work/manual.txt"
  fi
  run=$ratio_dir/round-$round
  mkdir -p "$run"
  cp "$ratio_dir/qrcodes.json" "$run/"
  sync
  (cd "$run" && timed "$qrbuild" build) | awk '{ print $1 }' >> "$work/cold.txt"
done
manual=$(median < "$work/manual.txt")
cold=$(median < "$work/cold.txt")
awk -v m="$manual" -v q="$cold" -v mr="$(tr '\n' ' ' < "$work/manual.txt")" -v qr="$(tr '\n' ' ' < "$work/cold.txt")" 'BEGIN {
  printf "by hand (qrencode CLI + zip), 1,000 PNG codes, median of 3 (%s): %.2f s = %.2f ms per code\n", mr, m, m
  printf "qrbuild build, 10,000 PNG codes, median of 5 cold builds (%s): %.2f s = %.3f ms per code: %.0fx faster per code\n", qr, q, q / 10, (m / 1000) / (q / 10000) }'
