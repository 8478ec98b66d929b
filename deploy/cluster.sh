#!/usr/bin/env bash
# Run N `pellucid serve` processes on one PostgreSQL and one Redis behind HAProxy, in the
# foreground; Ctrl-C or SIGTERM stops them all. docs/operations.md explains each part.
#
#   deploy/cluster.sh --database URL --redis-url URL [--processes 3] [--port 8080]
#                     [--backend-ports P1,P2,...] [--database-connections 20 (per process)]
#                     [--host 127.0.0.1] [--public-url URL]
#                     [--run-dir DIR] [-- pellucid serve options]
#
# HAProxy listens on HOST:PORT; the processes on 127.0.0.1:PORT+1 .. PORT+N, or on the ports
# --backend-ports names (one process each; --processes is then their count). They migrate the
# database at start, one at a time. Logs, pid files and the generated haproxy.cfg go to the run
# directory (default .pellucid/cluster).
set -euo pipefail

processes=3 connections=20 host=127.0.0.1 port=8080 backend_ports="" database="" redis_url="" public_url="" run_dir=.pellucid/cluster
while [[ $# -gt 0 ]]; do
  case $1 in
    --processes) processes=$2; shift 2 ;;
    --database-connections) connections=$2; shift 2 ;;
    --host) host=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --backend-ports) backend_ports=$2; shift 2 ;;
    --database) database=$2; shift 2 ;;
    --redis-url) redis_url=$2; shift 2 ;;
    --public-url) public_url=$2; shift 2 ;;
    --run-dir) run_dir=$2; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "cluster.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ -n $database && -n $redis_url ]] || { echo "cluster.sh: --database and --redis-url are required" >&2; exit 2; }
[[ $database == postgresql* ]] || { echo "cluster.sh: several processes need PostgreSQL, not $database" >&2; exit 2; }
command -v haproxy >/dev/null || { echo "cluster.sh: haproxy is missing: apt-get install -y haproxy" >&2; exit 2; }
if [[ -n $backend_ports ]]; then
  IFS=, read -r -a ports <<<"$backend_ports"
else
  ports=()
  for i in $(seq 1 "$processes"); do ports+=($((port + i))); done
fi
processes=${#ports[@]}
pellucid=${PELLUCID:-pellucid}
public_url=${public_url:-http://$host:$port}
mkdir -p "$run_dir"
run_dir=$(cd "$run_dir" && pwd)

children=()
stop() {
  trap - INT TERM EXIT
  [[ ${#children[@]} -gt 0 ]] && kill "${children[@]}" 2>/dev/null || true
  wait || true
}
trap stop EXIT
trap 'exit 0' INT TERM

for i in $(seq 1 "$processes"); do
  "$pellucid" serve --host 127.0.0.1 --port "${ports[i - 1]}" --database "$database" --redis-url "$redis_url" \
    --public-url "$public_url" --forwarded-allow-ips 127.0.0.1 --keep-alive-timeout 75 \
    --database-connections "$connections" "$@" \
    >"$run_dir/serve-$i.log" 2>&1 &
  children+=($!)
  echo $! >"$run_dir/serve-$i.pid"
done

{
  cat <<EOF
global
    maxconn 4096
    log stderr format short local0 notice

defaults
    mode http
    log global
    option httplog
    option forwardfor                      # the client's address, for per-address limits
    timeout connect 2s
    # The processes keep idle connections 75 s (--keep-alive-timeout above), longer than HAProxy
    # keeps its idle ones: HAProxy never sends a request on a connection a process is closing.
    timeout client 60s
    timeout server 120s
    timeout http-request 10s               # slow senders are dropped here already
    timeout http-keep-alive 5s
    timeout queue 10s
    retries 3
    option redispatch 1                    # a retry goes to another process
    # A request that failed to connect never reached a process: always safe to resend. One
    # whose process died before answering may have been applied: resent only when idempotent.
    retry-on conn-failure empty-response response-timeout

frontend pellucid
    bind $host:$port
    default_backend processes

backend processes
    balance leastconn
    http-request disable-l7-retry if !METH_GET !METH_HEAD !METH_OPTIONS !{ method PUT DELETE }
    option httpchk
    http-check send meth GET uri /healthz
    http-check expect status 200
    timeout check 5s                       # slow under load is not dead
    default-server check inter 1s fall 3 rise 2 on-marked-down shutdown-sessions
EOF
  for i in $(seq 1 "$processes"); do
    echo "    server p$i 127.0.0.1:${ports[i - 1]}"
  done
} >"$run_dir/haproxy.cfg"

haproxy -f "$run_dir/haproxy.cfg" -db >"$run_dir/haproxy.log" 2>&1 &
children+=($!)
echo $! >"$run_dir/haproxy.pid"

for _ in $(seq 600); do
  if curl -sf "http://$host:$port/healthz" >/dev/null 2>&1; then
    echo "pellucid cluster: $processes processes behind http://$host:$port (run directory $run_dir)"
    break
  fi
  sleep 0.1
done
# A pellucid process that dies is taken out of rotation by the health check and back in when it
# answers again (restart it, or let a process manager do so); HAProxy exiting ends the cluster.
wait "${children[-1]}" || true
echo "pellucid cluster: haproxy exited; stopping (logs in $run_dir)" >&2
