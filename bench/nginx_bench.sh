#!/usr/bin/env bash
# make bench-nginx: compile the nginx files alone for 1,000,000 codes (time, peak memory),
# `nginx -t` and reload with the result, then redirect throughput with wrk on loopback
# (bounded: 10 s each) against the same nginx answering one fixed redirect. Then the same
# with 10% of the codes routed (two rules, a split and a schedule each): compile, nginx -t,
# and redirects through a routed code and a plain one against the fixed redirect.
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
pcre_jit on;
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
trap 'nginx -c "$work/nginx.conf" -p "$work" -s stop 2>/dev/null || true; nginx -c "$work/ruled.conf" -p "$work" -s stop 2>/dev/null || true' EXIT
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

# The routed variant: every tenth code gets two rules (iOS, Android), a 50/50 split and a
# schedule (one of 20 campaign windows, open now), the rest stay plain.
nginx -c "$work/nginx.conf" -p "$work" -s stop
while [ -e "$work/nginx.pid" ]; do sleep 0.1; done
.venv/bin/python - "$work/qrcodes.json" "$work/ruled.json" <<'PY'
import json, sys
manifest = json.load(open(sys.argv[1]))
for index, code in enumerate(manifest["codes"]):
    if index % 10 != 5 or code.get("type", "dynamic") != "dynamic":
        continue
    code["rules"] = [{"when": {"os": "ios"}, "to": "https://apps.apple.com/app/id%d" % index},
                     {"when": {"os": "android"}, "to": "https://play.google.com/store/apps/details?id=com.example.a%d" % index}]
    code["split"] = [{"to": code["data"] + "?v=a", "weight": 50}, {"to": code["data"] + "?v=b", "weight": 50}]
    window = index % 20
    code["schedule"] = {"from": "2025-%02d-01T00:00:00Z" % (window % 12 + 1), "until": "2099-%02d-01T00:00:00Z" % (window % 12 + 1),
                        "before": "https://example.com/soon", "after": "https://example.com/ended"}
json.dump(manifest, open(sys.argv[2], "w"))
PY
ruled_id=$(.venv/bin/python -c 'import json,sys; c=json.load(open(sys.argv[1]))["codes"]; print(next(x["id"] for x in c[len(c)//2:] if "rules" in x))' "$work/ruled.json")
plain_id=$(.venv/bin/python -c 'import json,sys; c=json.load(open(sys.argv[1]))["codes"]; print(next(x["id"] for x in c[len(c)//2:] if "rules" not in x))' "$work/ruled.json")
/usr/bin/time -f '%e %M' -o "$work/ruled-compile.time" "$qrbuild" nginx "$work/ruled.json" -o "$work/ruled" --access-log "$work/access.log" --site-root "$work/site" >/dev/null
read -r ruled_compile_s ruled_compile_kb < "$work/ruled-compile.time"
sed "s|$work/nginx/|$work/ruled/|g; s|$work/nginx.pid|$work/ruled.pid|" "$work/nginx.conf" > "$work/ruled.conf"
/usr/bin/time -f '%e' -o "$work/ruled-test.time" nginx -t -c "$work/ruled.conf" -p "$work" 2>"$work/ruled-test.log"
grep -q warn "$work/ruled-test.log" && { echo "nginx -t warned:"; cat "$work/ruled-test.log"; }
nginx -c "$work/ruled.conf" -p "$work"
iphone="Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
until curl -s -o /dev/null "http://127.0.0.1:$port/r/$plain_id"; do sleep 0.2; done
curl -s -o /dev/null -A "$iphone" -w "check routed: %{http_code} %{redirect_url}\n" "http://127.0.0.1:$port/r/$ruled_id"
curl -s -o /dev/null -A "$iphone" -w "check plain:  %{http_code} %{redirect_url}\n" "http://127.0.0.1:$port/r/$plain_id"
: > "$work/routed.rps"; : > "$work/plain.rps"; : > "$work/fixed2.rps"
for round in 1 2 3 4 5; do
  wrk -t2 -c64 -d4s -H "User-Agent: $iphone" "http://127.0.0.1:$port/r/$ruled_id" | awk '/Requests\/sec/ {print $2}' >> "$work/routed.rps"
  wrk -t2 -c64 -d4s -H "User-Agent: $iphone" "http://127.0.0.1:$port/r/$plain_id" | awk '/Requests\/sec/ {print $2}' >> "$work/plain.rps"
  wrk -t2 -c64 -d4s -H "User-Agent: $iphone" "http://127.0.0.1:$base/r/$plain_id" | awk '/Requests\/sec/ {print $2}' >> "$work/fixed2.rps"
done
routed_rps=$(sort -n "$work/routed.rps" | sed -n 3p)
plain_rps=$(sort -n "$work/plain.rps" | sed -n 3p)
fixed2_rps=$(sort -n "$work/fixed2.rps" | sed -n 3p)
awk -v n="$count" -v c="$ruled_compile_s" -v m="$ruled_compile_kb" -v t="$(cat "$work/ruled-test.time")" -v a="$routed_rps" -v p="$plain_rps" -v b="$fixed2_rps" 'BEGIN {
  printf "with 10%% of the codes routed (two rules, a split, a schedule):\n"
  printf "compile %d codes: %.2f s, peak %.0f MB; nginx -t: %.2f s\n", n, c, m / 1024, t
  printf "redirects (medians of 5 alternating runs, iPhone user agent): routed %.0f req/s (%.2f of the fixed redirect), plain %.0f req/s (%.2f), fixed %.0f req/s\n", a, a / b, p, p / b, b }'
