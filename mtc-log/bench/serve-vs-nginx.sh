#!/usr/bin/env bash
# Tile serving on loopback: `mtc log serve` against nginx (Debian) serving the same log directory, side by side
# in one run with wrk (Debian). Issue 10's floor: mtc >= 80 % of nginx's requests per second.
#
#   mtc-log/bench/serve-vs-nginx.sh [ENTRIES] [SECONDS] [CONNECTIONS]
#     ENTRIES      log size (default 1048576: 4,096 full level-0 tiles, ~420 MB of entry bundles)
#     SECONDS      measured seconds per server and URL set (default 15, after a 5 s warm-up each)
#     CONNECTIONS  wrk connections (default 64; wrk runs 2 threads)
#
# Installs nginx and wrk with apt-get when missing (needs root), builds the CLI jar and the log in a temporary
# directory, starts nginx and `mtc log serve` on 127.0.0.1 (access logs off in both), then runs wrk against each
# on the same URL sets: every hash tile of the log, and 512 full entry bundles (identity encoding: wrk sends no
# Accept-Encoding). The rounds alternate nginx, mtc, nginx, mtc; each figure is the mean of its two rounds.
# Prints one line per measurement and the ratio per URL set.
set -euo pipefail
entries=${1:-1048576}
seconds=${2:-15}
conns=${3:-64}
here="$(cd "$(dirname "$0")/../.." && pwd)"

for tool in nginx wrk; do
  if ! command -v "$tool" >/dev/null && ! [ -x "/usr/sbin/$tool" ]; then
    echo "bench: installing $tool (apt-get)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$tool" >/dev/null
  fi
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d /tmp/mtc-serve-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "bench: building the CLI jar and the log generator" >&2
(cd "$here" && mvn -q -DskipTests -Djacoco.skip=true -pl conformance -am package >&2)
(cd "$here" && mvn -q -Djacoco.skip=true -pl mtc-log -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >&2)
java -cp "$here/mtc-log/target/test-classes:$here/mtc-spec/target/classes:$(cat "$work/cp.txt")" \
    io.mtc4j.log.http.bench.WriteBenchLog "$work/logs" "$entries"
mv "$work/logs/urls-tiles.txt" "$work/logs/urls-bundles.txt" "$work/"
chmod -R a+rX "$work/logs"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# nginx: its usual static-file setup (sendfile, open_file_cache), one worker per core, no access log.
nport=$(free_port)
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx/error.log warn;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  open_file_cache max=20000 inactive=60s;
  open_file_cache_valid 60s;
  types { }
  default_type application/octet-stream;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$nport;
    root $work/logs;
    location / { add_header Cache-Control "public, max-age=31536000, immutable"; }
  }
}
CONF
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf"

# mtc log serve: the same directory, access log off, a cache big enough for the URL sets.
cat > "$work/serve.json" <<CONF
{"listen": "127.0.0.1:0", "accessLog": false, "cacheBytes": 1073741824, "maxConcurrentRequests": 4096}
CONF
java -Xms1g -Xmx2g -XX:MaxDirectMemorySize=2g -jar "$here/conformance/target/mtc.jar" log serve "$work/logs" \
    --config "$work/serve.json" > "$work/serve.out" 2> "$work/serve.err" &
pids+=($!)
for _ in $(seq 1 600); do grep -qs "^log: " "$work/serve.out" && break; sleep 0.1; done
murl=$(sed -n 's/^log: //p' "$work/serve.out")
[ -n "$murl" ] || { cat "$work/serve.err" >&2; echo "bench: mtc log serve did not start" >&2; exit 1; }
nurl="http://127.0.0.1:$nport"

# wrk: each thread walks the URL list round-robin from its own offset.
cat > "$work/urls.lua" <<'LUA'
local paths = {}
local i = 0
local base = ""
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  i = math.random(#paths)
  base = wrk.path:gsub("/$", "")
end
function request()
  i = i % #paths + 1
  return wrk.format("GET", base .. paths[i])
end
LUA

for set in tiles bundles; do
  for u in "$nurl" "$murl"; do   # both servers serve every URL once before measuring
    code=$(curl -s -o /dev/null -w '%{http_code}' "$u$(head -1 "$work/urls-$set.txt")")
    [ "$code" = 200 ] || { echo "bench: $u answers $code" >&2; exit 1; }
  done
done

run() { # name url set seconds -> requests/s
  local out
  out=$(wrk -t2 -c"$conns" -d"$4s" --latency -s "$work/urls.lua" "$2" -- "$work/urls-$3.txt")
  local rps mb
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  mb=$(awk '/^Transfer\/sec:/ {print $2}' <<<"$out")
  if grep -q 'Non-2xx' <<<"$out"; then echo "bench: $1 answered errors: $(grep Non-2xx <<<"$out")" >&2; exit 1; fi
  echo "$rps" > "$work/last"
  [ "$4" -gt 5 ] && printf 'serve-bench %-5s %-7s round: %10.0f req/s  %s/s\n' "$1" "$3" "$rps" "$mb"
  return 0
}

echo "bench: $entries entries; $(wc -l < "$work/urls-tiles.txt") tile URLs, $(wc -l < "$work/urls-bundles.txt")" \
     "bundle URLs; wrk -t2 -c$conns, ${seconds}s per round; nproc=$(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for set in tiles bundles; do
  run nginx "$nurl" "$set" 5; run mtc "$murl" "$set" 5   # warm-up (JIT, caches)
  n=0; m=0
  for round in 1 2; do
    run nginx "$nurl" "$set" "$seconds"; n=$(awk -v a="$n" -v b="$(cat "$work/last")" 'BEGIN {print a + b}')
    run mtc "$murl" "$set" "$seconds"; m=$(awk -v a="$m" -v b="$(cat "$work/last")" 'BEGIN {print a + b}')
  done
  awk -v s="$set" -v n="$n" -v m="$m" 'BEGIN {
    printf "serve-bench %-7s nginx %.0f req/s, mtc %.0f req/s, mtc/nginx %.1f %% (floor 80 %%)\n", s, n / 2, m / 2, 100 * m / n }'
done
