#!/usr/bin/env bash
# `make autobahn`: builds the WebSocket echo endpoint (release, as the suite's
# 16 MiB cases need) and runs the Autobahn|Testsuite cases 1.* to 10.* against it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
swift build -c release --product autobahn-echo -q 2>&1 | grep -v 'prohibited flag' || true
port=$(free_port)
.build/release/autobahn-echo "$port" >/dev/null 2>&1 &
echo_pid=$!
trap 'kill $echo_pid 2>/dev/null || true' EXIT
wait_for "curl -sf http://127.0.0.1:$port/json" 20 || die "autobahn: echo endpoint did not start"
tool=${AUTOBAHN_TOOL:-../shared/tools/autobahn}
[ -x "$tool" ] || die "autobahn: $tool not found (the shared tools folder sits beside the repository)"
"$tool" "ws://127.0.0.1:$port/"
