#!/bin/sh
# Before nginx starts: every file of /docker-entrypoint.d/ in version order, *.envsh sourced
# (what it exports is seen by the scripts after it) and *.sh run; the rest ignored.
set -e
if [ "${1:-}" = nginx ] || [ "${1:-}" = nginx-debug ]; then
    for script in $(find /docker-entrypoint.d/ -follow -type f | sort -V); do
        if [ ! -x "$script" ]; then
            echo "$0: ignoring $script (not executable)"
            continue
        fi
        case $script in
        *.envsh) echo "$0: sourcing $script"; . "$script" ;;
        *.sh) echo "$0: running $script"; "$script" ;;
        *) echo "$0: ignoring $script" ;;
        esac
    done
fi
exec "$@"
