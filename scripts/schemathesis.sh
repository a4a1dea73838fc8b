#!/usr/bin/env bash
# Property-based API tests of ingest-api against its own /openapi.json (schemathesis from
# PyPI, in a venv under .run/): a live ingest-api on a free port, on a fresh database of
# the PostgreSQL server of TEST_DATABASE_URL and the Redis of TEST_REDIS_URL, every
# operation with a bounded number of generated requests (SCHEMATHESIS_EXAMPLES, default 30). Fails on any 5xx, any response
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
# A database of its own (made through the test server's trusting `postgres` superuser), so
# nothing else in the run shares its tables.
[[ $TEST_DATABASE_URL =~ ^postgres(ql)?://([^@/]+)@([^:/]+):([0-9]+)/ ]] || die "schemathesis: cannot read TEST_DATABASE_URL"
db_user=${BASH_REMATCH[2]} db_host=${BASH_REMATCH[3]} db_port=${BASH_REMATCH[4]}
db=schemathesis_$$
psql -h "$db_host" -p "$db_port" -U postgres -d postgres -qAt -c "CREATE DATABASE $db OWNER $db_user"
database_url="postgres://$db_user@$db_host:$db_port/$db"
port=$(free_port)
log=.run/schemathesis-ingest-api.log
# schemathesis presents wrong tokens on purpose (its auth checks), all from 127.0.0.1: with the
# admin API's brake at its default, the rest of the run would be answered 429, untested.
DATABASE_URL=$database_url REDIS_URL=$TEST_REDIS_URL INGEST_PORT=$port BIND_ADDRESS=127.0.0.1 \
    ADMIN_API_TOKEN=schemathesis-token-0123456789abcdef EVENTS_CHANNEL=schemathesis:events LOG_LEVEL=warning \
    ADMIN_TOKEN_FAILURES_PER_MINUTE=1000000 \
    "$bin/ingest-api" 2>"$log" &
pid=$!
stop() {
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    psql -h "$db_host" -p "$db_port" -U postgres -d postgres -qAt -c "DROP DATABASE IF EXISTS $db" >/dev/null || true
}
trap stop EXIT
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.1
done
"$venv/bin/schemathesis" --config-file scripts/schemathesis.toml run "http://127.0.0.1:$port/openapi.json" -H "Authorization: Bearer schemathesis-token-0123456789abcdef" \
    -n "${SCHEMATHESIS_EXAMPLES:-30}" --checks all --generation-deterministic --request-timeout 10
