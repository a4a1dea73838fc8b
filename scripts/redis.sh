#!/usr/bin/env bash
# A private redis-server on loopback with its data and pidfile under DIR.
#   scripts/redis.sh start DIR PORT | stop DIR | restart DIR
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cmd=${1:?usage: redis.sh start|stop|restart DIR [PORT]}
dir=$(mkdir -p "${2:?DIR missing}" && cd "$2" && pwd)

start() {
    local port=$1
    echo "$port" >"$dir/port"
    redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --daemonize yes \
        --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --save '' --appendonly no \
        --protected-mode yes >/dev/null
    wait_for "redis-cli -p $port ping" 20 || die "redis: did not start on $port (see $dir/redis.log)"
}

stop() {
    [ -f "$dir/redis.pid" ] || return 0
    local pid
    pid=$(cat "$dir/redis.pid")
    kill "$pid" 2>/dev/null || true
    wait_for "! kill -0 $pid" 20 || kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/redis.pid"
}

case $cmd in
start) start "${3:?PORT missing}" ;;
stop) stop ;;
restart) stop; start "$(cat "$dir/port")" ;;
*) die "redis.sh: unknown command $cmd" ;;
esac
