#!/usr/bin/env bash
# Runs the guide's setup on this machine: nats-server -js on 4222/8222 and the three guide regions
# (configs/config-{eu-west,us-east,ap-south}.yml) on the guide's ports (docs/operations.md), waits until every
# process is ready, prints where everything listens, then keeps running until Ctrl-C and stops it all.
#
# Usage: scripts/run-guide-regions.sh [--once]
#   --once   start, check readiness, print the table, then stop everything (exit 0 when all came up)
# Environment: BUILD_DIR (default build), STATE_DIR (default .mmoctl/guide), NATS_BIN (default nats-server)
# Exit codes: 0 ok, 3 a binary is missing or a port is busy, 4 a process failed to come up.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

once=0
[ "${1:-}" = "--once" ] && once=1
build_dir=${BUILD_DIR:-build}
state_dir=${STATE_DIR:-.mmoctl/guide}
nats_bin=${NATS_BIN:-nats-server}
node_bin="$root/$build_dir/bin/mmo-server"

command -v "$nats_bin" >/dev/null || { echo "error: $nats_bin not found; run scripts/install-deps.sh" >&2; exit 3; }
[ -x "$node_bin" ] || { echo "error: $node_bin not found; run scripts/build.sh first" >&2; exit 3; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in 4222 8222 7777 8088 2112 7779 8089 2113 7781 8090 2114; do
  if port_busy "$port"; then
    echo "error: port $port is already in use; stop whatever listens there (ss -ltnp 'sport = :$port')" >&2
    exit 3
  fi
done

mkdir -p "$state_dir/logs" "$state_dir/nats"
state_dir=$(cd "$state_dir" && pwd)
pids=()
names=()

stop_all() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "stopped: ${names[*]}"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

start() {  # name, then the command with its environment
  local name=$1; shift
  ( cd "$state_dir" && exec env "$@" ) >"$state_dir/logs/$name.log" 2>&1 &
  pids+=("$!")
  names+=("$name")
}

wait_http() {  # name, url
  local name=$1 url=$2 deadline=$((SECONDS + 20))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    if ! kill -0 "${pids[$3]}" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      echo "error: $name did not become ready ($url); last lines of $state_dir/logs/$name.log:" >&2
      tail -n 20 "$state_dir/logs/$name.log" >&2
      exit 4
    fi
    sleep 0.1
  done
}

start nats "$nats_bin" -js -p 4222 -m 8222 -sd "$state_dir/nats"
wait_http nats http://127.0.0.1:8222/healthz 0

start eu-west-1 GAME_CONFIG="$root/configs/config-eu-west.yml" "$node_bin"
start us-east-1 GAME_CONFIG="$root/configs/config-us-east.yml" \
  GAME_TCP_PORT=7779 GAME_UDP_PORT=7780 GAME_REST_PORT=8089 GAME_METRICS_PORT=2113 "$node_bin"
start ap-south-1 GAME_CONFIG="$root/configs/config-ap-south.yml" \
  GAME_TCP_PORT=7781 GAME_UDP_PORT=7782 GAME_REST_PORT=8090 GAME_METRICS_PORT=2114 "$node_bin"
wait_http eu-west-1 http://127.0.0.1:8088/healthz 1
wait_http us-east-1 http://127.0.0.1:8089/healthz 2
wait_http ap-south-1 http://127.0.0.1:8090/healthz 3

printf '\n%-11s %-6s %-6s %-6s %-8s %s\n' REGION TCP UDP REST METRICS LOG
printf '%-11s %-6s %-6s %-6s %-8s %s\n' eu-west-1 7777 7778 8088 2112 "$state_dir/logs/eu-west-1.log"
printf '%-11s %-6s %-6s %-6s %-8s %s\n' us-east-1 7779 7780 8089 2113 "$state_dir/logs/us-east-1.log"
printf '%-11s %-6s %-6s %-6s %-8s %s\n' ap-south-1 7781 7782 8090 2114 "$state_dir/logs/ap-south-1.log"
printf 'NATS: nats://127.0.0.1:4222 (monitoring http://127.0.0.1:8222), log %s\n\n' "$state_dir/logs/nats.log"

if [ "$once" -eq 1 ]; then
  echo "all processes ready; stopping (--once)"
  exit 0
fi
echo "running; press Ctrl-C to stop. Try: curl http://localhost:8088/healthz"
wait -n "${pids[@]}" || true
echo "error: a process exited unexpectedly; see $state_dir/logs/" >&2
exit 4
