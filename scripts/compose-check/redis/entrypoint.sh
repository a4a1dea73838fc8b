#!/bin/sh
# What the official image's entrypoint does for compose: `redis-server …` runs as the redis
# user in /data, reachable from the other containers (the official build turns protected
# mode off by default: other containers reach it over the project's network).
set -eu
case ${1:-} in -*) set -- redis-server "$@" ;; esac
if [ "${1:-}" = redis-server ]; then
    shift
    if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
        # A configuration file first: the default goes after it, the options after that.
        config=$1
        shift
        set -- redis-server "$config" --protected-mode no "$@"
    else
        set -- redis-server --protected-mode no "$@"
    fi
    if [ "$(id -u)" = 0 ]; then
        chown -R redis:redis .
        exec setpriv --reuid=redis --regid=redis --clear-groups "$@"
    fi
fi
exec "$@"
