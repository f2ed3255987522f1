#!/usr/bin/env bash
# make bench-style: COUNT (2,000 unless set) styled codes to PNG (10 px per module, level
# H, rounded modules, square finders with rounded eyes, a linear gradient, an `auto` SVG
# logo) with `qrbuild build` on one core, then the same with --verify, against
# python-qrcode's StyledPilImage (rounded modules, a horizontal gradient, the logo embedded,
# level H) on the same core, in the same run. python-qrcode cannot read SVG, so it gets
# the same logo rasterised to PNG by rsvg-convert once, outside the timing.
# Round finders are not compared: qrbuild refuses them (OpenCV misses them, see README).
# python-qrcode draws PEER_COUNT codes (200 unless set; at two a second, 2,000 would take a
# quarter of an hour): the ratio compares codes per second, and each code is the same work.
# With perf installed, PROFILE=1 also prints where qrbuild's time goes, by library.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
"$python" -m pip install -q --disable-pip-version-check "qrcode[pil]>=7.4"
work=${BENCH_DIR:-$PWD/bench/out/style}
count=${COUNT:-2000}
rm -rf "$work"; mkdir -p "$work/logos"
cat > "$work/logos/acme.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><circle cx="50" cy="50" r="46" fill="#e63946"/><path d="M30 52 L45 67 L72 35" stroke="#fff" stroke-width="10" fill="none" stroke-linecap="round"/></svg>
SVG
rsvg-convert -w 200 "$work/logos/acme.svg" -o "$work/logos/acme.png"
"$python" - "$count" "$work/qrcodes.json" <<'PY'
import json, sys
count, path = int(sys.argv[1]), sys.argv[2]
style = {"shape": "rounded", "finder": {"outer": "square", "inner": "rounded"}, "errorCorrection": "H",
         "gradient": {"type": "linear", "angle": 0, "stops": ["#0b3d91", "#137a6f"]}, "logo": {"file": "logos/acme.svg"}}
codes = [{"type": "static", "name": f"code{n:05d}", "data": f"https://qr.example.com/r/code{n:05d}", "returnType": "png"}
         for n in range(count)]
json.dump({"version": 1, "defaults": {"style": style}, "codes": codes}, open(path, "w"))
PY
read -r ours peak < <(cd "$work" && timed taskset -c 0 "$qrbuild" build -q)
rm -rf "$work/dist" "$work/qrbuild.lock.json"
read -r verified verified_peak < <(cd "$work" && timed taskset -c 0 "$qrbuild" build -q --verify)
peer_count=$(( ${PEER_COUNT:-200} < count ? ${PEER_COUNT:-200} : count ))
peer=$(taskset -c 0 "$python" bench/style_peer.py "$peer_count" "$work/logos/acme.png")
awk -v n="$count" -v pn="$peer_count" -v q="$ours" -v v="$verified" -v p="$peer" -v m="$peak" -v vm="$verified_peak" 'BEGIN {
  printf "qrbuild build (%d styled PNGs, one core)  %6.2f s  %6.0f codes/s  %4d MB\n", n, q, n / q, m
  printf "qrbuild build --verify (zbar reads each) %6.2f s  %6.0f codes/s  %4d MB\n", v, n / v, vm
  printf "python-qrcode StyledPilImage (%d codes)   %6.2f s  %6.1f codes/s\n", pn, p, pn / p
  printf "qrbuild vs python-qrcode: %.1fx (with --verify: %.1fx); --verify costs %.0f%%\n", (n / q) / (pn / p), (n / v) / (pn / p), (v / q - 1) * 100
}'
if [ "${PROFILE:-}" = 1 ] && command -v perf >/dev/null; then
  rm -rf "$work/dist" "$work/qrbuild.lock.json"
  (cd "$work" && perf record -q -o perf.data -F 2000 -g -- taskset -c 0 "$qrbuild" build -q >/dev/null 2>&1)
  echo "where qrbuild's time goes, by library:"
  perf report -i "$work/perf.data" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -12
fi
