#!/usr/bin/env bash
# Benchmark: lfd serving GET /runs/{id} and GET /assets?kind=workflow against
# nginx serving the same bytes as static files, with wrk on loopback at 1 and
# 8 connections (requests/s, p50, p99); then lfd's memory with 1,000 idle
# keep-alive connections. Goal: lfd >= 60% of nginx's requests/s on
# GET /runs/{id}.
#
# usage: bench/lfd/run.sh <path to lfd> [seconds per measurement (default 10)]
# Use an optimised lfd (the release or ci preset). Both servers get the same
# number of threads/workers (the core count); access logs are off on both.
set -euo pipefail

lfd=${1:?usage: run.sh <path to lfd> [seconds]}
seconds=${2:-10}
repo=$(cd "$(dirname "$0")/../.." && pwd)
nginx=$(command -v nginx || echo /usr/sbin/nginx)
command -v wrk >/dev/null || { echo "wrk is missing (scripts/setup-debian.sh installs it)"; exit 1; }
[[ -x $nginx ]] || { echo "nginx is missing (scripts/setup-debian.sh installs it)"; exit 1; }
cores=$(nproc)
dir=$(mktemp -d "${TMPDIR:-/tmp}/lf-bench-lfd.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# lfd, with its own state and the repository's assets.
mkdir -p "$dir/ctx/home/1000/api/openai.chat/"{inbox,outbox} "$dir/state" "$dir/runtime"
lfd_port=$(free_port)
XDG_STATE_HOME=$dir/state XDG_RUNTIME_DIR=$dir/runtime LIGHTFLOW_CTX_MOUNT=$dir/ctx \
  LIGHTFLOW_CTX_UID=1000 LIGHTFLOW_PROJECT=$repo \
  "$lfd" --port "$lfd_port" --no-access-log 2>"$dir/lfd.log" &
lfd_pid=$!
pids+=("$lfd_pid")
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$lfd_port/health" >/dev/null && break; sleep 0.05; done
curl -sf -o /dev/null -H 'content-type: application/json' \
  -d '{"workflow_asset_id":"workflow.parallel_angles","run_id":"bench","inputs":{"question":"q"}}' \
  "http://127.0.0.1:$lfd_port/runs"

# nginx, serving the bytes lfd answers as static files.
mkdir -p "$dir/www/runs" "$dir/www/assets"
curl -sf "http://127.0.0.1:$lfd_port/runs/bench" >"$dir/www/runs/bench"
curl -sf "http://127.0.0.1:$lfd_port/assets?kind=workflow" >"$dir/www/assets/workflow"
nginx_port=$(free_port)
cat >"$dir/nginx.conf" <<EOT
worker_processes $cores;
user $(id -un);
daemon off;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $dir/www;
    default_type application/json;
    location = /assets { try_files /assets/\$arg_kind =404; }
  }
}
EOT
"$nginx" -p "$dir/" -e "$dir/nginx-error.log" -c "$dir/nginx.conf" &
pids+=("$!")
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$nginx_port/runs/bench" >/dev/null && break; sleep 0.05; done
cmp <(curl -s "http://127.0.0.1:$lfd_port/runs/bench") <(curl -s "http://127.0.0.1:$nginx_port/runs/bench")
cmp <(curl -s "http://127.0.0.1:$lfd_port/assets?kind=workflow") \
    <(curl -s "http://127.0.0.1:$nginx_port/assets?kind=workflow")

# wrk's --latency table: "50%  123.00us"; printed in microseconds.
to_us() {
  awk '{ v=$1; if (v ~ /us$/) { sub(/us/,"",v); print v } else if (v ~ /ms$/) { sub(/ms/,"",v); print v*1000 }
         else if (v ~ /s$/) { sub(/s/,"",v); print v*1000000 } }'
}
measure() {  # name url connections
  local out rps p50 p99
  out=$(wrk -t"$(( $3 < 2 ? 1 : 2 ))" -c"$3" -d"${seconds}s" --latency "$2")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out" | to_us)
  p99=$(awk '$1=="99%" {print $2}' <<<"$out" | to_us)
  printf '%-8s %-24s %3s conn  %10.0f req/s  p50 %8.0f us  p99 %8.0f us\n' "$1" "${2#http://127.0.0.1:*/}" "$3" "$rps" "$p50" "$p99"
  echo "$rps" >"$dir/rps-$1-$3-$(basename "${2%%\?*}")"
}

echo "lfd vs nginx on loopback, $cores cores, ${seconds}s per measurement"
for conns in 1 8; do
  for path in "runs/bench" "assets?kind=workflow"; do
    measure lfd "http://127.0.0.1:$lfd_port/$path" "$conns"
    measure nginx "http://127.0.0.1:$nginx_port/$path" "$conns"
  done
done
for conns in 1 8; do
  awk -v c="$conns" '{ if (NR==1) a=$1; else b=$1 } END { printf "GET /runs/{id}, %s conn: lfd = %.0f%% of nginx\n", c, 100*a/b }' \
    "$dir/rps-lfd-$conns-bench" "$dir/rps-nginx-$conns-bench"
done

# Memory: lfd's resident set before and with 1,000 idle keep-alive connections.
rss() { awk '/VmRSS/ {print $2}' "/proc/$lfd_pid/status"; }
before=$(rss)
python3 - "$lfd_port" "$lfd_pid" <<'EOT' &
import socket, sys, time
port = int(sys.argv[1])
conns = []
for _ in range(1000):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
    conns.append(s)
for s in conns:
    # One whole answer: the header, then Content-Length bytes of body.
    data = b""
    while b"\r\n\r\n" not in data:
        data += s.recv(4096)
    head, body = data.split(b"\r\n\r\n", 1)
    length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))
    while len(body) < length:
        body += s.recv(4096)
print("connected", flush=True)
time.sleep(5)
EOT
holder=$!
pids+=("$holder")
sleep 4
with=$(rss)
echo "lfd RSS: ${before} KiB idle, ${with} KiB with 1,000 idle keep-alive connections" \
     "($(( (with - before) * 1024 / 1000 )) bytes per connection)"
wait "$holder" || true
