#!/usr/bin/env bash
# make bench-nginx: compile the nginx files alone for 1,000,000 codes (time, peak memory),
# `nginx -t` and reload with the result, then redirect throughput with wrk on loopback
# (bounded: 10 s each) against the same nginx answering one fixed redirect.
set -euo pipefail
source "$(dirname "$0")/lib.sh"  # setup --bench installs wrk and nginx-light
count=${COUNT:-1000000}
work=${BENCH_DIR:-$PWD/bench/out/nginx}
rm -rf "$work" && mkdir -p "$work"
.venv/bin/python bench/make_manifest.py "$count" svg > "$work/qrcodes.json"
id=$(.venv/bin/python -c 'import json,sys; print(json.load(open(sys.argv[1]))["codes"][len(json.load(open(sys.argv[1]))["codes"]) // 2]["id"])' "$work/qrcodes.json")

/usr/bin/time -f '%e %M' -o "$work/compile.time" "$qrbuild" nginx "$work/qrcodes.json" -o "$work/nginx" --access-log "$work/access.log" --site-root "$work/site" >/dev/null
read -r compile_s compile_kb < "$work/compile.time"
port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=$((port + 1))
user=""; [ "$(id -u)" -eq 0 ] && user="user root;"
cat > "$work/nginx.conf" <<CONF
$user
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    include $work/nginx/qrbuild-http.conf;
    server { listen 127.0.0.1:$port; include $work/nginx/qrbuild-server.conf; }
    # The baseline differs only in where the target comes from: same log, same header.
    server {
        listen 127.0.0.1:$base;
        location / {
            access_log $work/baseline.log qrbuild;
            add_header Cache-Control "no-store" always;
            return 302 https://example.com/campaign/fixed?utm_source=print;
        }
    }
}
CONF
/usr/bin/time -f '%e' -o "$work/test.time" nginx -t -c "$work/nginx.conf" -p "$work" 2>"$work/test.log"
grep -q warn "$work/test.log" && { echo "nginx -t warned:"; cat "$work/test.log"; }
nginx -c "$work/nginx.conf" -p "$work"
trap 'nginx -c "$work/nginx.conf" -p "$work" -s stop 2>/dev/null || true' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$port/r/$id"; do sleep 0.2; done
# Reload: from SIGHUP until a destination changed in the map answers.
sed -i "s|\"/r/$id\" \"[^\"]*\"|\"/r/$id\" \"https://example.com/reloaded\"|" "$work/nginx/qrbuild-http.conf"
start=$(date +%s.%N)
nginx -c "$work/nginx.conf" -p "$work" -s reload
until curl -s -o /dev/null -w '%{redirect_url}' "http://127.0.0.1:$port/r/$id" | grep -q reloaded; do sleep 0.05; done
reload_s=$(echo "$(date +%s.%N) - $start" | bc)
curl -s -o /dev/null -w 'check: %{http_code} %{redirect_url}\n' "http://127.0.0.1:$port/r/$id"
# Alternate map and baseline (5 rounds of 4 s each) and compare medians: wrk and nginx share
# two cores, and single runs in a fixed order differed by 25% (measured).
for round in 1 2 3 4 5; do
  wrk -t2 -c64 -d4s "http://127.0.0.1:$port/r/$id" | awk '/Requests\/sec/ {print $2}' >> "$work/map.rps"
  wrk -t2 -c64 -d4s "http://127.0.0.1:$base/r/$id" | awk '/Requests\/sec/ {print $2}' >> "$work/fixed.rps"
done
map_rps=$(sort -n "$work/map.rps" | sed -n 3p)
fixed_rps=$(sort -n "$work/fixed.rps" | sed -n 3p)
awk -v n="$count" -v c="$compile_s" -v m="$compile_kb" -v t="$(cat "$work/test.time")" -v r="$reload_s" -v a="$map_rps" -v b="$fixed_rps" 'BEGIN {
  printf "compile %d codes: %.2f s, peak %.0f MB\n", n, c, m / 1024
  printf "nginx -t: %.2f s; reload until the new map answers: %.2f s\n", t, r
  printf "redirects (medians of 5 alternating runs): %.0f req/s through the map, %.0f req/s fixed redirect: %.2f of the baseline\n", a, b, a / b }'
