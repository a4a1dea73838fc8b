#!/usr/bin/env bash
# A private PostgreSQL cluster on loopback with its data under DIR, run as the
# `postgres` user (the server refuses to run as root). Creates role and database
# `switchboard` (owner, trusted local auth) on first start.
#   scripts/postgres.sh start DIR PORT | stop DIR | restart DIR
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cmd=${1:?usage: postgres.sh start|stop|restart DIR [PORT]}
mkdir -p "${2:?DIR missing}"
dir=$(cd "$2" && pwd)
bin=$(pg_bin)
[ -n "$bin" ] || die "postgres: no PostgreSQL server installed (run scripts/deps.sh)"
data="$dir/data"

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
    local port=$1
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    echo "$port" >"$dir/port"
    if [ ! -f "$data/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
            die "postgres: initdb failed (see $dir/initdb.log)"
    fi
    as_owner "$bin/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null ||
        die "postgres: did not start on $port (see $dir/postgres.log)"
    as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 <<'SQL' >/dev/null
SELECT 'CREATE ROLE switchboard LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard')\gexec
SELECT 'CREATE DATABASE switchboard OWNER switchboard' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'switchboard')\gexec
SQL
}

stop() {
    [ -f "$data/postmaster.pid" ] || return 0
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
}

case $cmd in
start) start "${3:?PORT missing}" ;;
stop) stop ;;
restart) stop; start "$(cat "$dir/port")" ;;
*) die "postgres.sh: unknown command $cmd" ;;
esac
