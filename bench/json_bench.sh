#!/usr/bin/env bash
# make bench-json: reading a manifest and a lockfile written on one line (as `jq -c` or a
# CMS writes them) against the same files pretty-printed, at CODES codes (100,000 unless
# set), with `qrbuild nginx` and `qrbuild validate`. One-line input should cost the same.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
work=${BENCH_DIR:-$PWD/bench/out/json}
codes=${CODES:-100000}
mkdir -p "$work/pretty" "$work/oneline"
"$python" bench/make_manifest.py "$codes" svg > "$work/pretty/qrcodes.json"
"$python" -c 'import json, sys; json.dump(json.load(open(sys.argv[1])), open(sys.argv[2], "w"), separators=(",", ":"))' \
  "$work/pretty/qrcodes.json" "$work/oneline/qrcodes.json"
# A lockfile for every code, then the same on one line with one broken entry in the middle.
(cd "$work/pretty" && "$qrbuild" nginx -o "$work/pretty/out" >/dev/null)
"$python" - "$work" <<'PY'
import json, sys
work = sys.argv[1]
codes = json.load(open(f"{work}/pretty/qrcodes.json"))["codes"]
entries = {c["id"]: {"appearance": "sha256:" + "0" * 64, "destination": "sha256:" + "1" * 64,
                     "publishedAt": "2026-01-01T00:00:00.000Z", "updatedAt": "2026-01-01T00:00:00.000Z"} for c in codes}
lock = {"version": 1, "codes": entries}
json.dump(lock, open(f"{work}/pretty/qrbuild.lock.json", "w"), indent=2)
entries[codes[len(codes) // 2]["id"]] = {"appearance": 7}
json.dump(lock, open(f"{work}/oneline/qrbuild.lock.json", "w"), separators=(",", ":"))
PY
cp "$work/oneline/qrbuild.lock.json" "$work/oneline-broken.lock.json"
printf '%-44s %9s %9s\n' "" "pretty" "one line"
row() {  # label, then the command's arguments
  local label=$1; shift
  read -r p _ < <(cd "$work/pretty" && timed "$qrbuild" "$@" || true)
  read -r o _ < <(cd "$work/oneline" && timed "$qrbuild" "$@" || true)
  printf '%-44s %8.2fs %8.2fs  (%.2fx)\n' "$label" "$p" "$o" "$(awk -v a="$o" -v b="$p" 'BEGIN { print a / b }')"
}
row "qrbuild nginx ($codes codes)" nginx -o out
mv "$work/pretty/qrbuild.lock.json" "$work/pretty.lock.json"; mv "$work/oneline/qrbuild.lock.json" "$work/oneline.lock.json"
row "qrbuild validate (no lockfile)" validate
cp "$work/pretty.lock.json" "$work/pretty/qrbuild.lock.json"; cp "$work/oneline-broken.lock.json" "$work/oneline/qrbuild.lock.json"
row "qrbuild validate (lockfile; one line: 1 error)" validate
