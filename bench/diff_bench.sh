#!/usr/bin/env bash
# make bench-diff: `qrbuild diff` on a manifest of CODES codes (100,000 unless set) in a
# git repository, against HEAD, with one destination changed: what a pull request's
# check costs. Each form is run five times; the median is printed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
work=${BENCH_DIR:-$PWD/bench/out/diff}
codes=${CODES:-100000}
rm -rf "$work"; mkdir -p "$work"
"$python" bench/make_manifest.py "$codes" svg > "$work/qrcodes.json"
git="git -C $work -c user.email=bench@example.com -c user.name=bench"
$git init -q && $git add qrcodes.json && $git commit -q -m codes
"$python" - "$work/qrcodes.json" <<'PY'
import json, sys
manifest = json.load(open(sys.argv[1]))
manifest["codes"][len(manifest["codes"]) // 2]["data"] = "https://example.com/changed"
json.dump(manifest, open(sys.argv[1], "w"), indent=2)
PY
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for form in "" "--json" "--markdown"; do
  times=$(for _ in 1 2 3 4 5; do (cd "$work" && CI= timed "$qrbuild" diff $form) | cut -d' ' -f1; done)
  printf 'qrbuild diff %-10s %s codes, one change: median %.3f s\n' "$form" "$codes" "$(echo "$times" | median)"
done
