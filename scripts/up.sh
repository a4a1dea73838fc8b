#!/usr/bin/env bash
# `make up`: installs what is missing, starts Redis and PostgreSQL under .run/,
# migrates, builds in release mode and starts the four services (notify-hub twice).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
scripts/deps.sh
# SWITCHBOARD_RUN_DIR: where the servers' files, pids and logs go (a test runs a desk of its own).
run=${SWITCHBOARD_RUN_DIR:-$PWD/.run}
mkdir -p "$run/logs"
redis_port=${SWITCHBOARD_REDIS_PORT:-6379}
pg_port=${SWITCHBOARD_PG_PORT:-5432}
[ -f "$run/redis/redis.pid" ] && kill -0 "$(cat "$run/redis/redis.pid")" 2>/dev/null ||
    scripts/redis.sh start "$run/redis" "$redis_port"
scripts/postgres.sh status "$run/pg" || scripts/postgres.sh start "$run/pg" "$pg_port"
[ -f "$run/admin-token" ] || python3 -c 'import secrets; print(secrets.token_urlsafe(24))' >"$run/admin-token"
export REDIS_URL="redis://127.0.0.1:$(cat "$run/redis/port")/0"
export DATABASE_URL="postgres://switchboard@127.0.0.1:$(cat "$run/pg/port")/switchboard"
export ADMIN_API_TOKEN=${ADMIN_API_TOKEN:-$(cat "$run/admin-token")}
# A desk started by `make up` is for this machine: its services listen on loopback only,
# unless BIND_ADDRESS (and WEBSOCKET_SERVER) say otherwise, so nothing is exposed by
# accident (the services' own default, 0.0.0.0, is for containers behind a proxy).
export BIND_ADDRESS=${BIND_ADDRESS:-127.0.0.1}
export WEBSOCKET_SERVER=${WEBSOCKET_SERVER:-$BIND_ADDRESS}
ingest_port=${INGEST_PORT:-8000}
hub_port=${WEBSOCKET_PORT:-7860}
# The hubs proxy the dashboard's admin API calls to ingest-api, wherever it listens.
export BACKEND_URL=${BACKEND_URL:-http://127.0.0.1:$ingest_port}
echo "redis:      $REDIS_URL"
echo "postgresql: $DATABASE_URL"
swift_build "$run/logs/build.log" -c release
bin=$(swift build -c release --show-bin-path)
"$bin/ingest-api" migrate
start() {
    local name=$1
    shift
    if [ -f "$run/$name.pid" ] && kill -0 "$(cat "$run/$name.pid")" 2>/dev/null; then return; fi
    env "$@" "$bin/${name%-[0-9]*}" >>"$run/logs/$name.log" 2>&1 &
    echo $! >"$run/$name.pid"
}
start ingest-api
start telegram-gateway
start operator-relay
start notify-hub-1 WEBSOCKET_PORT="$hub_port"
start notify-hub-2 WEBSOCKET_PORT="$((hub_port + 1))"
wait_for "curl -sf http://127.0.0.1:$ingest_port/healthz" 30 || echo "ingest-api did not answer /healthz (see $run/logs)"
wait_for "curl -sf http://127.0.0.1:$hub_port/healthz" 30 || echo "notify-hub did not answer /healthz (see $run/logs)"
echo "logs:       $run/logs/"
echo "dashboard:  http://127.0.0.1:$hub_port/   (the second hub instance: http://127.0.0.1:$((hub_port + 1))/)"
echo "chat:       http://127.0.0.1:$hub_port/chat   (on any site: <script src=\"http://127.0.0.1:$hub_port/chat/embed.js\" async></script>)"
if [ "$ADMIN_API_TOKEN" = "$(cat "$run/admin-token")" ]; then
    echo "admin token: $ADMIN_API_TOKEN   (generated into .run/admin-token)"
else
    echo "admin token: $ADMIN_API_TOKEN   (from ADMIN_API_TOKEN in the environment)"
fi
