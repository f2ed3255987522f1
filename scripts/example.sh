#!/usr/bin/env bash
# The main job on the bundled example: build examples/qrcodes.json (a spring campaign)
# into out/ (images, codes.json, bulk zips), then show one code in the terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo "example: building qrbuild (release; the first time takes several minutes while Swift compiles it and its packages)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! swift build -c release --product qrbuild >"$log" 2>&1; then
  cat "$log" >&2
  echo "example: the build failed; the whole log is above" >&2
  exit 1
fi
tail -n 1 "$log"
qrbuild=.build/release/qrbuild
"$qrbuild" validate examples/qrcodes.json
"$qrbuild" build examples/qrcodes.json -o out
ls out out/images out/bulk
# The example's access log into the store beside the manifest (examples/.qrbuild/, not in
# git; each scan is counted once however often this runs), then the site with its numbers.
"$qrbuild" ingest examples/access.log -m examples/qrcodes.json
"$qrbuild" site examples/qrcodes.json -o out
"$qrbuild" analytics k3x9pq7m -m examples/qrcodes.json --days 7 --end 2026-05-21
echo
echo "spring-poster (k3x9pq7m) as a phone sees it:"
"$qrbuild" render --data "https://qr.example.com/r/k3x9pq7m" --format terminal
echo
echo "The site: open out/site/index.html in a browser."
