#!/usr/bin/env bash
# Issue 14, finding 5: `make test` from a clone inside a directory only root may enter (mode
# 700, as root's home is) failed: PostgreSQL runs as `postgres`, could not reach its data under
# the clone, and the error named a log that was never written. This starts, queries, restarts
# and removes a server with this tree's scripts from such a clone, and checks that a failed
# start names only logs that exist. Needs root (as a plain user the server runs as that user
# and no directory is out of its reach): says so and passes otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
if [ "$(id -u)" -ne 0 ]; then
    echo "private clone: not root, nothing to check (the server runs as this user)"
    exit 0
fi
top=$(mktemp -d)
chmod 700 "$top"
clone="$top/repo"
mkdir -p "$clone"
cp -R scripts "$clone/"
pg="$clone/.run/pg"
cleanup() {
    "$clone/scripts/postgres.sh" remove "$pg" >/dev/null 2>&1 || true
    rm -rf "$top"
}
trap cleanup EXIT
query() { psql -h 127.0.0.1 -p "$1" -U switchboard -d switchboard -qAtc "SELECT $2"; }

port=$(free_port)
"$clone/scripts/postgres.sh" start "$pg" "$port" >/dev/null
[ "$(query "$port" 41+1)" = 42 ] || die "private clone: the server does not answer"
"$clone/scripts/postgres.sh" restart "$pg" >/dev/null
[ "$(query "$port" 6*7)" = 42 ] || die "private clone: the server does not answer after a restart"

# A second server on the same port fails; whatever its error names must exist.
set +e
errors=$("$clone/scripts/postgres.sh" start "$clone/.run/pg2" "$port" 2>&1 >/dev/null)
status=$?
set -e
[ "$status" -ne 0 ] || die "private clone: a second server on a busy port did not fail"
named_logs=$(echo "$errors" | grep -oE '/[^ )]+\.log' || true)
[ -n "$named_logs" ] || die "private clone: the failed start named no log: $errors"
for named in $named_logs; do
    [ -f "$named" ] || die "private clone: the error names $named, which does not exist"
done
"$clone/scripts/postgres.sh" remove "$clone/.run/pg2" >/dev/null 2>&1 || true
echo "private clone: PostgreSQL started, answered, restarted and stopped from a mode-700 clone"
