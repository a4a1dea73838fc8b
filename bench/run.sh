#!/usr/bin/env bash
# `make bench`: the benchmarks, side by side with the peer stacks, in one run. Figures go
# to stdout and bench/results/. Bounded: every load stops by itself.
#   HTTP: Switchboard's server vs Node's http module (wrk, 64 and 256 connections)
#   Fan-out: notify-hub vs the bare C floor, Node ws and FastAPI hubs (bench/tools: our
#            wsload load generator and floor_hub, built here with the system's C compiler)
#   POST /api/ingest: ingest-api vs FastAPI + asyncpg (wrk, 64 connections, FAQ hit and miss)
#   Telegram: updates/s through the gateway and the real ingest-api, update → answer latency
#   FAQ: the match's cost in PostgreSQL at 10,000 entries
# BENCH_QUICK=1 shortens every run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
EXTRA_PACKAGES="wrk node-ws python3-venv" scripts/deps.sh
mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
tools=.run/bench-tools
mkdir -p "$tools"
swift_build "$tools/build.log" -c release
bin=$(swift build -c release --show-bin-path)
for tool in wsload floor_hub; do
    cc -O2 -Wall -o "$tools/$tool" "bench/tools/$tool.c" || die "bench: bench/tools/$tool.c did not compile"
done
if ! bench/.venv/bin/python -c 'import fastapi, uvicorn, redis, websockets, asyncpg, uvloop, httptools' 2>/dev/null; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install -q fastapi uvicorn redis websockets asyncpg uvloop httptools
fi

quick=()
[ "${BENCH_QUICK:-0}" = 1 ] && quick=(--quick)
rounds=$([ "${BENCH_QUICK:-0}" = 1 ] && echo 1 || echo 3)
python3 bench/http_bench.py "$bin/autobahn-echo" --rounds "$rounds" | tee "bench/results/http-$stamp.txt"

# Servers this script starts, stopped when it ends however it ends.
redis_dir=.run/bench-redis redis_port=$(free_port)
pg_dir=.run/bench-pg
ingest_pg=.run/bench-ingest-pg ingest_redis=.run/bench-ingest-redis
started_redis=0
started_pg=0
started_ingest=0
cleanup() {
    if [ "$started_pg" = 1 ]; then scripts/postgres.sh remove "$pg_dir" || true; fi
    if [ "$started_redis" = 1 ]; then scripts/redis.sh stop "$redis_dir" || true; fi
    if [ "$started_ingest" = 1 ]; then
        scripts/redis.sh stop "$ingest_redis" || true
        scripts/postgres.sh remove "$ingest_pg" || true
    fi
}
trap cleanup EXIT

# A private Redis on a free port, on core 1 with the load.
taskset -c 1 scripts/redis.sh start "$redis_dir" "$redis_port"
started_redis=1
python3 bench/hub_bench.py --hub-binary "$bin/notify-hub" --wsload "$tools/wsload" --floor-hub "$tools/floor_hub" \
    --redis-port "$redis_port" "${quick[@]}" | tee "bench/results/hub-$stamp.txt"

# POST /api/ingest against the FastAPI + asyncpg peer, on a private PostgreSQL and Redis
# (fresh each run: the bench seeds its own history).
ingest_pg_port=$(free_port) ingest_redis_port=$(free_port)
scripts/postgres.sh remove "$ingest_pg"
rm -rf "$ingest_redis"
started_ingest=1
scripts/postgres.sh start "$ingest_pg" "$ingest_pg_port"
scripts/redis.sh start "$ingest_redis" "$ingest_redis_port"
python3 bench/ingest_bench.py "$bin/ingest-api" bench/.venv/bin/python "$ingest_pg_port" "$ingest_redis_port" \
    --rounds "$rounds" | tee "bench/results/ingest-$stamp.txt"
scripts/redis.sh stop "$ingest_redis"
scripts/postgres.sh remove "$ingest_pg"
started_ingest=0

# telegram-gateway: updates/s end to end in webhook mode (Telegram double → gateway → the real
# ingest-api → PostgreSQL → answer recorded by the double), flood limits lifted; p50/p99 update →
# answer. ingest-api gets a database of its own on a private PostgreSQL (free port), stopped
# right after; the services get a Redis database of their own next to db 15 (never db 0).
pg_port=$(free_port)
scripts/postgres.sh remove "$pg_dir"
scripts/postgres.sh start "$pg_dir" "$pg_port"
started_pg=1
GATEWAY_BENCH=1 TEST_REDIS_URL="redis://127.0.0.1:$redis_port/15" \
    TEST_DATABASE_URL="postgres://switchboard@127.0.0.1:$pg_port/switchboard" \
    swift test -c release -Xswiftc -enable-testing --filter GatewayBenchmark 2>&1 |
    grep 'telegram-gateway webhook' | tee "bench/results/gateway-$stamp.txt"
scripts/postgres.sh remove "$pg_dir"
started_pg=0

# FAQ match cost in PostgreSQL at 10,000 entries (a private PostgreSQL of its own).
bench/faq_match.sh | tee "bench/results/faq-$stamp.txt"
