# Shared helpers for the scripts in this folder. Source it; it defines functions only.

# A TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
    python3 - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

# The bin folder of the newest PostgreSQL server installed from Debian's packages.
pg_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# Prints a message to stderr and exits 1.
die() {
    echo "$*" >&2
    exit 1
}

# Waits up to $2 seconds for "$1" (a command) to succeed.
wait_for() {
    local check=$1 seconds=${2:-20} i
    for ((i = 0; i < seconds * 10; i++)); do
        if eval "$check" >/dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    return 1
}

# Runs `swift build ARGS…` with its output in the file LOG; if the build fails, prints its
# errors (or the end of the log) and exits 1. Never filtered into a success.
swift_build() {
    local log=$1
    shift
    if ! swift build "$@" >"$log" 2>&1; then
        if grep -q 'error:' "$log"; then grep 'error:' "$log" | awk '!seen[$0]++' | head -20 >&2; else tail -n 20 "$log" >&2; fi
        die "swift build $* failed (log: $log)"
    fi
}
