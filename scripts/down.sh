#!/usr/bin/env bash
# `make down`: stops what `make up` started, by pidfile.
set -uo pipefail
cd "$(dirname "$0")/.."
# SWITCHBOARD_RUN_DIR: where the servers' files, pids and logs go (a test runs a desk of its own).
run=${SWITCHBOARD_RUN_DIR:-$PWD/.run}
for pidfile in "$run"/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null && echo "stopped $(basename "$pidfile" .pid) ($pid)"
    rm -f "$pidfile"
done
scripts/redis.sh stop "$run/redis"
scripts/postgres.sh stop "$run/pg"
