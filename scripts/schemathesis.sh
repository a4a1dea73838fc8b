#!/usr/bin/env bash
# Property-based API tests of ingest-api against its own /openapi.json (schemathesis from
# PyPI, in a venv under .run/): a live ingest-api on a free port, on the PostgreSQL and
# Redis given by TEST_DATABASE_URL / TEST_REDIS_URL, every operation with a bounded number
# of generated requests (SCHEMATHESIS_EXAMPLES, default 30). Fails on any 5xx, any response
# that does not match the spec, and any request the spec calls invalid that is accepted.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
: "${TEST_DATABASE_URL:?TEST_DATABASE_URL is not set}" "${TEST_REDIS_URL:?TEST_REDIS_URL is not set}"
EXTRA_PACKAGES="python3-venv" scripts/deps.sh
venv=.run/schemathesis-venv
if [ ! -x "$venv/bin/schemathesis" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q schemathesis
fi
bin=$(swift build --show-bin-path)
[ -x "$bin/ingest-api" ] || swift build --product ingest-api -q
port=$(free_port)
log=.run/schemathesis-ingest-api.log
DATABASE_URL=$TEST_DATABASE_URL REDIS_URL=$TEST_REDIS_URL INGEST_PORT=$port BIND_ADDRESS=127.0.0.1 \
    ADMIN_API_TOKEN=schemathesis-token EVENTS_CHANNEL=schemathesis:events LOG_LEVEL=warning \
    "$bin/ingest-api" 2>"$log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.1
done
"$venv/bin/schemathesis" run "http://127.0.0.1:$port/openapi.json" -H "Authorization: Bearer schemathesis-token" \
    -n "${SCHEMATHESIS_EXAMPLES:-30}" --checks all --generation-deterministic --request-timeout 10
