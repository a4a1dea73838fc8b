#!/usr/bin/env bash
# `make autobahn`: builds the WebSocket echo endpoint (release, as the suite's
# 16 MiB cases need) and runs the Autobahn|Testsuite cases 1.* to 10.* against it with
# scripts/autobahn-run.sh. Exit: 0 all passed, 1 a case failed or the build failed,
# 2 the suite could not be installed or run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
log=$(mktemp "${TMPDIR:-/tmp}/autobahn-build.XXXXXX")
echo_pid=
trap 'rm -f "$log"; [ -n "$echo_pid" ] && kill "$echo_pid" 2>/dev/null; true' EXIT
swift_build "$log" -c release --product autobahn-echo
port=$(free_port)
.build/release/autobahn-echo "$port" >/dev/null 2>&1 &
echo_pid=$!
wait_for "curl -sf http://127.0.0.1:$port/json" 20 || die "autobahn: echo endpoint did not start"
scripts/autobahn-run.sh "ws://127.0.0.1:$port/"
