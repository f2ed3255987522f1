#!/usr/bin/env bash
# make bench-serve: `qrbuild serve` over a 10,000-code manifest under wrk on loopback, in the
# same run as nginx serving the same code's JSON as a static file: GET a code (JSON), GET its
# image (PNG), POST a static render (PNG); alternating rounds, medians. Then a PUT that
# changes a destination: how long until it is acknowledged, and until nginx redirects to
# the new destination (rebuild, then --after-build reloading nginx).
set -euo pipefail
source "$(dirname "$0")/lib.sh"  # setup --bench installs wrk and nginx-light
count=${COUNT:-10000}
rounds=${ROUNDS:-3}
seconds=${SECONDS_EACH:-4}
work=${BENCH_DIR:-$PWD/bench/out/serve}
rm -rf "$work" && mkdir -p "$work"
"$python" bench/make_manifest.py "$count" png > "$work/qrcodes.json"
(cd "$work" && "$qrbuild" build -q --access-log "$work/access.log" --site-root "$work/dist/site")
id=$("$python" -c 'import json,sys; c=json.load(open(sys.argv[1]))["codes"]; print(c[len(c) // 2]["id"])' "$work/qrcodes.json")
key=$(cd "$work" && "$qrbuild" keys create --name bench 2>/dev/null)
(cd "$work" && "$qrbuild" show "$id" --json) > "$work/code.json"

free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
nginx_port=$(free_port); api_port=$(free_port)
user=""; [ "$(id -u)" -eq 0 ] && user="user root;"
cat > "$work/nginx.conf" <<CONF
$user
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    include $work/dist/nginx/qrbuild-http.conf;
    server {
        listen 127.0.0.1:$nginx_port;
        include $work/dist/nginx/qrbuild-server.conf;
        location = /code.json { default_type application/json; alias $work/code.json; }
    }
}
CONF
nginx -c "$work/nginx.conf" -p "$work"
(cd "$work" && exec "$qrbuild" serve --port "$api_port" --rate-limit 1000000 \
    --access-log "$work/access.log" --site-root "$work/dist/site" \
    --after-build "kill -HUP \$(cat $work/nginx.pid)" > "$work/serve.log" 2> "$work/serve.err") &
serve_pid=$!
trap 'kill $serve_pid 2>/dev/null || true; nginx -c "$work/nginx.conf" -p "$work" -s stop 2>/dev/null || true' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$api_port/api/openapi.json"; do sleep 0.2; done
until curl -s -o /dev/null "http://127.0.0.1:$nginx_port/code.json"; do sleep 0.2; done

cat > "$work/static.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"data": "https://example.com/campaign/static?utm_source=print", "returnType": "png"}'
wrk.headers["Content-Type"] = "application/json"
LUA
auth="Authorization: Bearer $key"
run() {  # name, then wrk arguments: appends "rps p99_ms" to $work/NAME
  local name=$1; shift
  wrk -t2 -c64 -d"${seconds}s" --latency "$@" | awk '
    /Requests\/sec/ { rps = $2 }
    $1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } p99 = v }
    END { print rps, p99 }' >> "$work/$name"
}
for round in $(seq "$rounds"); do
  run nginx "http://127.0.0.1:$nginx_port/code.json"
  run get -H "$auth" "http://127.0.0.1:$api_port/api/qr/codes/$id"
  run image -H "$auth" "http://127.0.0.1:$api_port/api/qr/codes/$id/image"
  run static -H "$auth" -s "$work/static.lua" "http://127.0.0.1:$api_port/api/qr/static"
done
median() { sort -n -k1 "$work/$1" | sed -n "$(( (rounds + 1) / 2 ))p"; }
read -r nginx_rps nginx_p99 < <(median nginx)
# A PUT on the 10,000-code manifest: acknowledged, then live on nginx.
"$python" - "$api_port" "$nginx_port" "$id" "$key" > "$work/put.txt" <<'PY'
import http.client, json, sys, time
api, web, code, key = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
def location():
    c = http.client.HTTPConnection("127.0.0.1", web, timeout=10); c.request("GET", f"/r/{code}")
    r = c.getresponse(); r.read(); return r.getheader("Location")
times = []
for attempt in range(3):
    target = f"https://example.com/moved-{attempt}-{time.time_ns()}"
    start = time.perf_counter()
    c = http.client.HTTPConnection("127.0.0.1", api, timeout=30)
    c.request("PUT", f"/api/qr/codes/{code}", json.dumps({"destination": target}),
              {"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    r = c.getresponse(); r.read(); assert r.status == 200, r.status
    acknowledged = time.perf_counter() - start
    while location() != target:
        time.sleep(0.01)
    times.append((acknowledged * 1000, (time.perf_counter() - start) * 1000))
    time.sleep(1)
times.sort(key=lambda t: t[1])
print("%.1f %.0f" % times[1])
PY
read -r put_ms live_ms < "$work/put.txt"
printf "%-44s %10s %8s %s\n" "" "req/s" "p99 ms" "vs nginx static file"
printf "%-44s %10.0f %8.2f\n" "nginx: the code's JSON as a static file" "$nginx_rps" "$nginx_p99"
for name in get image static; do
  read -r rps p99 < <(median "$name")
  label=$(case $name in get) echo "qrbuild serve: GET /api/qr/codes/{id}";; image) echo "qrbuild serve: GET …/image (PNG)";; static) echo "qrbuild serve: POST /api/qr/static (PNG)";; esac)
  awk -v l="$label" -v r="$rps" -v p="$p99" -v n="$nginx_rps" 'BEGIN { printf "%-44s %10.0f %8.2f %.2f\n", l, r, p, r / n }'
done
echo "PUT on $count codes: acknowledged in $put_ms ms, live on nginx in $live_ms ms (median of 3)"
