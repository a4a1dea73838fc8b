#!/usr/bin/env bash
# `make test`: everything CI runs. Installs what is missing, builds, starts a private
# Redis and PostgreSQL on free loopback ports under .run/test-PID/, runs the unit and
# integration tests, the Autobahn conformance suite and a short fuzz run, then stops
# the servers it started (by their pidfiles), whatever happened.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

scripts/deps.sh
run_dir="$PWD/.run/test-$$"
mkdir -p "$run_dir"
cleanup() {
    scripts/redis.sh stop "$run_dir/redis" >/dev/null 2>&1 || true
    scripts/postgres.sh stop "$run_dir/pg" >/dev/null 2>&1 || true
    [ -n "${echo_pid:-}" ] && kill "$echo_pid" 2>/dev/null || true
    rm -rf "$run_dir"
}
trap cleanup EXIT

echo "== build"
if ! swift build --build-tests >"$run_dir/build.log" 2>&1; then
    grep -E 'error|warning: [^p]' "$run_dir/build.log" | head -40
    exit 1
fi

echo "== start Redis and PostgreSQL"
redis_port=$(free_port)
scripts/redis.sh start "$run_dir/redis" "$redis_port"
pg_port=$(free_port)
scripts/postgres.sh start "$run_dir/pg" "$pg_port"
export TEST_REDIS_URL="redis://127.0.0.1:$redis_port/0" TEST_REDIS_DIR="$run_dir/redis"
export TEST_DATABASE_URL="postgres://switchboard@127.0.0.1:$pg_port/switchboard" TEST_PG_DIR="$run_dir/pg"
echo "redis $TEST_REDIS_URL, postgres $TEST_DATABASE_URL"

echo "== swift test"
set +e
swift test --skip-build 2>&1 | tee "$run_dir/swift-test.log" | grep -E '✘|error:|Test run with|Executed [0-9]+ tests'
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] || { grep -B2 -A8 '✘' "$run_dir/swift-test.log" | head -80; exit "$status"; }

echo "== leak checks (alone in their process: they count its descriptors and memory)"
LEAK_TESTS=1 swift test --skip-build --filter 'LeakTests|LeakCheck' 2>&1 | grep -E '✘|error:|Test run with'
[ "${PIPESTATUS[0]}" -eq 0 ] || exit 1

if [ "${SKIP_AUTOBAHN:-0}" != 1 ]; then
    echo "== autobahn (WebSocket conformance, cases 1-10)"
    scripts/autobahn.sh
fi

if [ "${SKIP_FUZZ:-0}" != 1 ] && [ -x scripts/fuzz.sh ]; then
    echo "== fuzz smoke"
    FUZZ_SECONDS=${FUZZ_SECONDS:-20} scripts/fuzz.sh
fi

# ---- deploy check (issue 9) -------------------------------------------------------------
# docker-compose.yml, deploy/k8s and deploy/nginx without a container engine: compose config,
# manifests, the image layout rehearsed from a release build, and nginx with TLS in front of
# the services (wss:// /notify gets an event from Redis, https POST /api/ingest). Own Redis and
# PostgreSQL on free loopback ports; cleans up after itself. SKIP_DEPLOY_CHECK=1 skips it.
if [ "${SKIP_DEPLOY_CHECK:-0}" = 1 ]; then
    echo "== deploy check: skipped (SKIP_DEPLOY_CHECK=1)"
else
    echo "== deploy check (scripts/deploy-check.sh)"
    scripts/deploy-check.sh
fi
# ---- end of deploy check ----------------------------------------------------------------

echo "make test: all green"
