#!/usr/bin/env bash
# The pages in a real browser: headless Debian chromium driven by Python selenium
# (Tests/Browser/test_pages.py) against the release binaries: ingest-api, operator-relay
# and two notify-hub instances (the visitor on one, the dashboard on the other), with a
# private Redis and PostgreSQL, all on free loopback ports under .run/browser-PID/ and
# stopped by PID whatever happens. Screenshots go to test-output/.
#   BIN_DIR=…        use binaries from there instead of building release ones
#   BROWSER_TEST_TIMEOUT=120   seconds the browser part may take
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source scripts/lib.sh

# fonts-noto-cjk: the Chinese screenshots (issue 19) show characters, not boxes.
EXTRA_PACKAGES="chromium chromium-driver fonts-noto-color-emoji fonts-noto-cjk python3-venv" scripts/deps.sh
venv="$PWD/.run/browser-venv"
if ! "$venv/bin/python" -c 'import selenium' 2>/dev/null; then
    echo "browser test: installing selenium into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check 'selenium>=4.11,<5'
fi

if [ -z "${BIN_DIR:-}" ]; then
    echo "browser test: building release binaries"
    mkdir -p .run
    for product in ingest-api notify-hub operator-relay; do
        swift_build ".run/browser-build-$product.log" -c release --product "$product"
    done
    BIN_DIR=$(swift build -c release --show-bin-path)
fi
BIN_DIR=$(cd "$BIN_DIR" && pwd)
for product in ingest-api notify-hub operator-relay; do
    [ -x "$BIN_DIR/$product" ] || die "browser test: $BIN_DIR/$product missing"
done

run_dir="$PWD/.run/browser-$$"
mkdir -p "$run_dir/logs"
pids=()
# A PID and its descendants (chromedriver starts chromium, which starts its helpers).
tree() {
    local child
    for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do tree "$child"; done
    echo "$1"
}
cleanup() {
    local status=$?
    # Browsers the test left behind (it quits them itself; this is for a time-out).
    if [ -f "$run_dir/browser.pids" ]; then
        for pid in $(cat "$run_dir/browser.pids"); do
            for each in $(tree "$pid"); do kill "$each" 2>/dev/null || true; done
        done
    fi
    # Our own processes only, by the PIDs we recorded: SIGTERM, then SIGKILL after 10 s.
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        wait_for "! kill -0 $pid" 10 || kill -9 "$pid" 2>/dev/null || true
    done
    # Absolute paths: a failure may leave us in the services' folder.
    "$root/scripts/redis.sh" stop "$run_dir/redis" >/dev/null 2>&1 || true
    "$root/scripts/postgres.sh" remove "$run_dir/pg" >/dev/null 2>&1 || true
    if [ "$status" -ne 0 ]; then
        for log in "$run_dir"/logs/*.log; do
            echo "--- last lines of $(basename "$log")"
            tail -n 15 "$log"
        done
    fi
    cd "$root"
    rm -rf "$run_dir"
    exit "$status"
}
trap cleanup EXIT

scripts/redis.sh start "$run_dir/redis" "$(free_port)"
scripts/postgres.sh start "$run_dir/pg" "$(free_port)"
ingest_port=$(free_port)
relay_port=$(free_port)
hub1_port=$(free_port)
hub2_port=$(free_port)
export REDIS_URL="redis://127.0.0.1:$(cat "$run_dir/redis/port")/0"
export DATABASE_URL="postgres://switchboard@127.0.0.1:$(cat "$run_dir/pg/port")/switchboard"
export ADMIN_API_TOKEN
ADMIN_API_TOKEN=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
export BACKEND_URL="http://127.0.0.1:$ingest_port" BIND_ADDRESS=127.0.0.1 WEBSOCKET_SERVER=127.0.0.1
export LOG_LEVEL=info EVENTS_CHANNEL="switchboard:events"
# No Telegram here: the web flow must work without it (CONTRACT §2).
unset TELEGRAM_TOKEN OPENAI_API_KEY OPERATOR_CHAT_ID ADMIN_USER_IDS

start() {
    local name=$1 binary=$2
    shift 2
    env "$@" "$BIN_DIR/$binary" >"$run_dir/logs/$name.log" 2>&1 &
    pids+=("$!")
}
# The services run in run_dir so no .env of the checkout leaks in.
cd "$run_dir"
start ingest-api ingest-api INGEST_PORT="$ingest_port"
wait_for "curl -sf http://127.0.0.1:$ingest_port/healthz" 30 || die "browser test: ingest-api did not start"
start operator-relay operator-relay RELAY_PORT="$relay_port"
start notify-hub-1 notify-hub WEBSOCKET_PORT="$hub1_port"
start notify-hub-2 notify-hub WEBSOCKET_PORT="$hub2_port"
for port in "$relay_port" "$hub1_port" "$hub2_port"; do
    wait_for "curl -sf http://127.0.0.1:$port/healthz" 30 || die "browser test: a service on port $port did not start"
done
cd - >/dev/null

mkdir -p test-output
export HUB1_URL="http://127.0.0.1:$hub1_port" HUB2_URL="http://127.0.0.1:$hub2_port"
export INGEST_URL="http://127.0.0.1:$ingest_port" OUTPUT_DIR="$PWD/test-output" BROWSER_PIDS="$run_dir/browser.pids"
export REDIS_PORT
REDIS_PORT=$(cat "$run_dir/redis/port")
timeout --kill-after=10 "${BROWSER_TEST_TIMEOUT:-120}" "$venv/bin/python" Tests/Browser/test_pages.py
