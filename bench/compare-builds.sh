#!/usr/bin/env bash
# Two release builds side by side with the same harness (bench/), back to back per part, each
# beside its peer stack in its own run: for "figures must not get worse" and for bisecting.
#   bench/compare-builds.sh BEFORE_BIN_DIR AFTER_BIN_DIR [ingest] [http] [hub]
# A BIN_DIR is a `swift build -c release --show-bin-path` of a checkout (for example a
# `git worktree add --detach /tmp/old <commit>` built there). Figures go to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
[ $# -ge 3 ] || die "usage: bench/compare-builds.sh BEFORE_BIN_DIR AFTER_BIN_DIR ingest|http|hub…"
before=$1 after=$2
shift 2
EXTRA_PACKAGES="wrk node-ws python3-venv" scripts/deps.sh
if ! bench/.venv/bin/python -c 'import fastapi, uvicorn, redis, websockets, asyncpg, uvloop, httptools' 2>/dev/null; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install -q fastapi uvicorn redis websockets asyncpg uvloop httptools
fi
tools=.run/bench-tools
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$tools"
for tool in wsload floor_hub; do cc -O2 -Wall -o "$tools/$tool" "bench/tools/$tool.c"; done
for part in "$@"; do
    for label in before after; do
        bin=$([ "$label" = before ] && echo "$before" || echo "$after")
        echo "=== $part, $label ($bin)"
        case $part in
        ingest)
            pg_port=$(free_port) redis_port=$(free_port)
            scripts/postgres.sh start "$work/pg-$label" "$pg_port" >/dev/null
            scripts/redis.sh start "$work/redis-$label" "$redis_port" >/dev/null
            python3 bench/ingest_bench.py "$bin/ingest-api" bench/.venv/bin/python "$pg_port" "$redis_port" --rounds 3
            scripts/redis.sh stop "$work/redis-$label" >/dev/null
            scripts/postgres.sh remove "$work/pg-$label" >/dev/null
            ;;
        http) python3 bench/http_bench.py "$bin/autobahn-echo" --rounds 3 ;;
        hub)
            redis_port=$(free_port)
            taskset -c 1 scripts/redis.sh start "$work/hub-redis-$label" "$redis_port" >/dev/null
            python3 bench/hub_bench.py --hub-binary "$bin/notify-hub" --wsload "$tools/wsload" \
                --floor-hub "$tools/floor_hub" --redis-port "$redis_port" --quick
            scripts/redis.sh stop "$work/hub-redis-$label" >/dev/null
            ;;
        *) die "bench/compare-builds.sh: unknown part $part (ingest, http, hub)" ;;
        esac
    done
done
