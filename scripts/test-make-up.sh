#!/usr/bin/env bash
# Issue 15, item 10: a desk started by `make up` is for this machine, so its services listen on
# loopback unless BIND_ADDRESS says otherwise (the services' own default, 0.0.0.0, is for
# containers behind a proxy). This runs scripts/up.sh as a user would, on free ports and in a
# run folder of its own, and checks every listening socket of every process it started: each
# must be on 127.0.0.1, and each service must be listening. Then scripts/down.sh stops it all.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

run=$(mktemp -d)
log="$run/up.log"
cleanup() {
    SWITCHBOARD_RUN_DIR="$run" scripts/down.sh >/dev/null 2>&1 || true
    scripts/postgres.sh remove "$run/pg" >/dev/null 2>&1 || true
    rm -rf "$run"
}
trap cleanup EXIT

port_is_free() {
    python3 -c 'import socket,sys; s=socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null
}
# notify-hub's second instance takes WEBSOCKET_PORT + 1: find a pair of free ports.
hub_port=$(free_port)
until port_is_free $((hub_port + 1)); do hub_port=$(free_port); done

unset BIND_ADDRESS WEBSOCKET_SERVER TELEGRAM_TOKEN ADMIN_API_TOKEN INTERNAL_API_TOKEN BACKEND_URL
if ! SWITCHBOARD_RUN_DIR="$run" SWITCHBOARD_REDIS_PORT=$(free_port) SWITCHBOARD_PG_PORT=$(free_port) \
    INGEST_PORT=$(free_port) GATEWAY_PORT=$(free_port) RELAY_PORT=$(free_port) WEBSOCKET_PORT=$hub_port \
    scripts/up.sh >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    die "make up: scripts/up.sh failed"
fi

# listening_addresses PID: the local address:port of every TCP socket PID listens on.
listening_addresses() {
    ss -Hltnp | awk -v pid="pid=$1," 'index($0, pid) { print $4 }'
}

failures=0
checked=0
# check_loopback NAME ADDRESS…: each address must be 127.0.0.1:port.
check_loopback() {
    local name=$1 address
    shift
    for address in "$@"; do
        checked=$((checked + 1))
        case "$address" in
        127.0.0.1:*) echo "  ok   $name listens on $address" ;;
        *)
            echo "  FAIL $name listens on $address (not loopback)"
            failures=$((failures + 1))
            ;;
        esac
    done
}
for pidfile in "$run"/*.pid "$run"/redis/redis.pid; do
    [ -f "$pidfile" ] || continue
    name=$(basename "$pidfile" .pid)
    pid=$(cat "$pidfile")
    # A service answers /healthz before it is checked (up.sh waits for two of them).
    wait_for "[ -n \"\$(ss -Hltnp | grep -F 'pid=$pid,')\" ]" 20 || true
    addresses=$(listening_addresses "$pid" | sort -u)
    if [ -z "$addresses" ]; then
        echo "  FAIL $name (pid $pid) listens on nothing"
        failures=$((failures + 1))
        continue
    fi
    check_loopback "$name" $addresses
done
# PostgreSQL's postmaster is not ours by pidfile: its port is.
check_loopback postgres $(ss -Hltn "sport = :$(cat "$run/pg/port")" | awk '{ print $4 }')

[ "$failures" -eq 0 ] || die "make up: $failures listening socket(s) not on loopback, or a service not listening"
[ "$checked" -ge 7 ] || die "make up: only $checked listening sockets found (expected the five services, Redis and PostgreSQL)"
echo "make up: all $checked listening sockets on loopback"
