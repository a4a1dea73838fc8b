#!/usr/bin/env bash
# A private PostgreSQL cluster on loopback, known by DIR, run as the `postgres` user when
# started by root (the server refuses to run as root). Creates role and database
# `switchboard` (owner, trusted local auth) on first start.
#   scripts/postgres.sh start DIR PORT | stop DIR | restart DIR | status DIR | remove DIR
#
# The server's own files (data/, postgres.log, initdb.log, the socket) live where the
# server's user can reach them: in DIR when it can (DIR is handed to that user), otherwise
# in a folder made with mktemp under /var/tmp (or /tmp), whose path is written to
# DIR/server-dir so that stop, restart and remove find it. That is the case of a clone in a
# folder only root may enter (root's home, mode 700), where user postgres cannot reach
# .run/. DIR/port records the port for restart. `remove` stops the server and deletes both
# folders; `status` exits 0 when the server is running.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cmd=${1:?usage: postgres.sh start|stop|restart|status|remove DIR [PORT]}
mkdir -p "${2:?DIR missing}"
dir=$(cd "$2" && pwd)
bin=$(pg_bin)
[ -n "$bin" ] || die "postgres: no PostgreSQL server installed (run scripts/deps.sh)"

# Runs a command as the user the server runs as (from /, which it can enter: every path
# given is absolute).
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# Whether the server's user can create files in folder $1 (every parent must let it pass).
owner_can_use() {
    as_owner test -d "$1" -a -w "$1" -a -x "$1" 2>/dev/null
}

# Prints the folder holding the server's files, choosing (and recording) it on first use
# when $1 is "create"; prints nothing if there is none yet.
server_home() {
    if [ -f "$dir/server-dir" ]; then
        local recorded
        recorded=$(cat "$dir/server-dir")
        if [ -d "$recorded" ]; then
            echo "$recorded"
            return
        fi
        # The folder went away (a cleaned /tmp): its cluster with it; start afresh.
        rm -f "$dir/server-dir"
    fi
    if [ -f "$dir/data/PG_VERSION" ] || [ "${1:-}" != create ]; then
        if [ -d "$dir/data" ]; then echo "$dir"; fi
        return 0
    fi
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    if owner_can_use "$dir"; then
        echo "$dir"
        return
    fi
    local parent=/var/tmp home
    [ -d "$parent" ] && [ -w "$parent" ] || parent=/tmp
    home=$(mktemp -d "$parent/switchboard-pg.XXXXXX") || die "postgres: could not make a folder under $parent"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$home"; fi
    owner_can_use "$home" || die "postgres: user $(as_owner id -un) cannot use $home either"
    echo "$home" >"$dir/server-dir"
    echo "postgres: $dir is out of user postgres's reach; the server's files are in $home" >&2
    echo "$home"
}

# Prints the last lines of each log that exists, naming it; says so when none does.
show_logs() {
    local log shown=0
    for log in "$@"; do
        if [ -s "$log" ]; then
            echo "--- $log (last lines)" >&2
            tail -n 20 "$log" >&2
            shown=1
        fi
    done
    [ "$shown" = 1 ] || echo "postgres: no log was written ($*)" >&2
}

start() {
    local port=$1 home data
    home=$(server_home create)
    data="$home/data"
    echo "$port" >"$dir/port"
    if [ ! -f "$data/PG_VERSION" ]; then
        # initdb's output goes to a file this shell writes, so it exists whatever initdb can do.
        if ! as_owner "$bin/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$home/initdb.log" 2>&1; then
            show_logs "$home/initdb.log"
            die "postgres: initdb failed (log: $home/initdb.log)"
        fi
    fi
    # pg_ctl's own messages go to a file this shell writes; the server's log is written by
    # the server's user and exists only if the server got that far.
    if ! as_owner "$bin/pg_ctl" -D "$data" -l "$home/postgres.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $home -c fsync=off -c max_connections=200" \
        start >"$home/pg_ctl.log" 2>&1; then
        show_logs "$home/pg_ctl.log" "$home/postgres.log"
        die "postgres: did not start on $port"
    fi
    as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 <<'SQL' >/dev/null
SELECT 'CREATE ROLE switchboard LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard')\gexec
SELECT 'CREATE DATABASE switchboard OWNER switchboard' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'switchboard')\gexec
SQL
}

running() {
    local home
    home=$(server_home)
    [ -n "$home" ] && [ -f "$home/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$home/data" status >/dev/null 2>&1
}

stop() {
    local home
    home=$(server_home)
    [ -n "$home" ] && [ -f "$home/data/postmaster.pid" ] || return 0
    if ! as_owner "$bin/pg_ctl" -D "$home/data" -m fast -w -t 30 stop >"$home/pg_ctl.log" 2>&1; then
        # A stale pidfile (the server died) is not an error; a server still running is.
        if running; then
            show_logs "$home/pg_ctl.log" "$home/postgres.log"
            die "postgres: the server of $home/data did not stop"
        fi
    fi
}

remove() {
    local home
    home=$(server_home)
    stop
    if [ -n "$home" ] && [ "$home" != "$dir" ]; then rm -rf "$home"; fi
    rm -rf "$dir"
}

case $cmd in
start) start "${3:?PORT missing}" ;;
stop) stop ;;
restart)
    [ -f "$dir/port" ] || die "postgres: $dir/port missing (never started with postgres.sh start $dir PORT)"
    stop
    start "$(cat "$dir/port")"
    ;;
status) running ;;
remove) remove ;;
*) die "postgres.sh: unknown command $cmd" ;;
esac
