#!/usr/bin/env bash
# Runs the Autobahn|Testsuite fuzzing client (RFC 6455 conformance) against a WebSocket echo
# endpoint and judges its report. Ours; scripts/autobahn.sh calls it.
#   scripts/autobahn-run.sh ws://127.0.0.1:PORT/ [CASES] [EXCLUDE]
# CASES and EXCLUDE are comma-separated case patterns: by default cases 1.* to 10.*, and
# 12.* and 13.* (permessage-deflate, which the echo endpoint does not offer) excluded.
# The suite is Python 2.7 only: it is installed once into a virtualenv under
# $AUTOBAHN_CACHE (default ~/.cache/switchboard-autobahn), from pyenv's 2.7 (or python2.7
# on PATH). Reports: $AUTOBAHN_CACHE/reports/ (index.json, and HTML per case).
# Exit 0: every case OK, NON-STRICT or INFORMATIONAL (and its close OK or INFORMATIONAL);
#      1: some case did worse (listed); 2: the suite could not be installed or run.
set -euo pipefail
url=${1:?usage: autobahn-run.sh ws://HOST:PORT/PATH [CASES] [EXCLUDE]}
cases=${2:-1.*,2.*,3.*,4.*,5.*,6.*,7.*,8.*,9.*,10.*}
exclude=${3:-12.*,13.*}
cache=${AUTOBAHN_CACHE:-$HOME/.cache/switchboard-autobahn}

cannot() {
    echo "autobahn: $*" >&2
    exit 2
}

python27() {
    local candidate
    for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/2.7*/bin/python; do
        [ -x "$candidate" ] && { echo "$candidate"; return; }
    done
    command -v python2.7 || true
}

# Installs autobahntestsuite into $cache/venv unless a working one is there. virtualenv 16
# is the last line that is a single module and runs on Python 2.7 without extra wheels; it
# goes into a private folder, so the interpreter's own site-packages stay untouched.
install_suite() {
    if "$cache/venv/bin/wstest" --help >/dev/null 2>&1; then return; fi
    local py27
    py27=$(python27)
    [ -n "$py27" ] || cannot "no Python 2.7 (looked in ${PYENV_ROOT:-$HOME/.pyenv}/versions/2.7* and on PATH)"
    echo "autobahn: installing autobahntestsuite into $cache/venv (once), with $py27"
    rm -rf "$cache/venv" "$cache/bootstrap"
    mkdir -p "$cache"
    local log="$cache/install.log"
    {
        "$py27" -m pip install --disable-pip-version-check --target "$cache/bootstrap" 'virtualenv>=16,<17' &&
            PYTHONPATH="$cache/bootstrap" "$py27" -m virtualenv --no-download "$cache/venv" &&
            "$cache/venv/bin/pip" install --disable-pip-version-check autobahntestsuite
    } >"$log" 2>&1 || {
        tail -n 20 "$log" >&2
        cannot "installing autobahntestsuite failed (whole log: $log)"
    }
    "$cache/venv/bin/wstest" --help >/dev/null 2>&1 || {
        "$cache/venv/bin/wstest" --help 2>&1 | tail -n 20 >&2
        cannot "wstest was installed into $cache/venv but does not run"
    }
}

# '1.*,2.*' -> ["1.*", "2.*"]
json_list() {
    python3 -c 'import json, sys; print(json.dumps([p for p in sys.argv[1].split(",") if p]))' "$1"
}

install_suite
reports="$cache/reports"
work=$(mktemp -d "${TMPDIR:-/tmp}/autobahn.XXXXXX")
trap 'rm -rf "$work"' EXIT
rm -rf "$reports"
mkdir -p "$reports"
cat >"$work/fuzzingclient.json" <<EOF
{
  "outdir": "$reports",
  "servers": [{"agent": "switchboard", "url": "$url"}],
  "cases": $(json_list "$cases"),
  "exclude-cases": $(json_list "$exclude"),
  "exclude-agent-cases": {}
}
EOF
echo "autobahn: cases $cases (excluded $exclude) against $url"
# Bounded: the full 1-10 run takes a few minutes; 30 minutes means it hangs.
if ! (cd "$work" && timeout 1800 "$cache/venv/bin/wstest" -m fuzzingclient -s fuzzingclient.json) \
    >"$work/wstest.log" 2>&1; then
    tail -n 20 "$work/wstest.log" >&2
    cannot "wstest did not finish"
fi
# wstest reports an endpoint it cannot reach in its log, not in its exit status.
grep -i 'connection refused\|connection was refused' "$work/wstest.log" | head -3 >&2 || true
[ -s "$reports/index.json" ] || {
    tail -n 20 "$work/wstest.log" >&2
    cannot "wstest finished without writing $reports/index.json"
}

python3 - "$reports/index.json" <<'PY'
import collections
import json
import sys

PASSING = {"OK", "NON-STRICT", "INFORMATIONAL"}
CLOSE_PASSING = {"OK", "INFORMATIONAL"}

with open(sys.argv[1], encoding="utf-8") as handle:
    index = json.load(handle)
if not index:
    print("autobahn: the report holds no results (was the endpoint reachable? the log is above)")
    sys.exit(2)
if len(index) != 1:
    print(f"autobahn: expected one agent in the report, found {sorted(index)}")
    sys.exit(2)
results = next(iter(index.values()))
if not results:
    print("autobahn: the report lists no cases")
    sys.exit(2)


def order(case):
    return [int(part) for part in case.split(".")]


tally = collections.Counter()
failed = []
for case in sorted(results, key=order):
    behavior = results[case]["behavior"]
    close = results[case]["behaviorClose"]
    tally[behavior] += 1
    if behavior not in PASSING or close not in CLOSE_PASSING:
        failed.append(f"{case}: {behavior} (close {close})")
for line in failed:
    print(f"  FAILED {line}")
summary = ", ".join(f"{name} {count}" for name, count in sorted(tally.items()))
print(f"autobahn: {len(results)} cases ({summary}); {len(results) - len(failed)} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
PY
