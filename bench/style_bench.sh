#!/usr/bin/env bash
# make bench-style: COUNT (2,000 unless set) styled codes to PNG (10 px per module, level
# H, rounded modules, square finders with rounded eyes, a linear gradient) with
# `qrbuild build` on one core, against python-qrcode's StyledPilImage (rounded modules, a
# horizontal gradient, level H) on the same core, in the same run. No logos yet: they are
# not drawn yet (issue 16), so the comparison leaves them out on both sides.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
"$python" -m pip install -q --disable-pip-version-check "qrcode[pil]>=7.4"
work=${BENCH_DIR:-$PWD/bench/out/style}
count=${COUNT:-2000}
rm -rf "$work"; mkdir -p "$work"
"$python" - "$count" "$work/qrcodes.json" <<'PY'
import json, sys
count, path = int(sys.argv[1]), sys.argv[2]
style = {"shape": "rounded", "finder": {"outer": "square", "inner": "rounded"}, "errorCorrection": "H",
         "gradient": {"type": "linear", "angle": 0, "stops": ["#0b3d91", "#137a6f"]}}
codes = [{"type": "static", "name": f"code{n:05d}", "data": f"https://qr.example.com/r/code{n:05d}", "returnType": "png"}
         for n in range(count)]
json.dump({"version": 1, "defaults": {"style": style}, "codes": codes}, open(path, "w"))
PY
read -r ours peak < <(cd "$work" && timed taskset -c 0 "$qrbuild" build -q)
peer=$(taskset -c 0 "$python" bench/style_peer.py "$count")
awk -v n="$count" -v q="$ours" -v p="$peer" -v m="$peak" 'BEGIN {
  printf "qrbuild build (styled PNG, one core)  %6.2f s  %7.0f codes/s  %4d MB\n", q, n / q, m
  printf "python-qrcode StyledPilImage          %6.2f s  %7.0f codes/s\n", p, n / p
  printf "qrbuild vs python-qrcode: %.1fx\n", p / q
}'
