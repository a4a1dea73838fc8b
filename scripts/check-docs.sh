#!/usr/bin/env bash
# The docs drift check (`make docs-check`, part of `make lint`). Fails when
#
#   1. docs/settings.md or docs/openapi.json differ from what scripts/gen-docs.sh makes from
#      the current executables (regenerated into a temporary folder; `make docs` updates them);
#   2. a setting the code reads (SettingsSource calls and the SettingSpec table under Shared/ and Services/) is missing
#      from docs/settings.md, i.e. from every --help;
#   3. an ingest-api route registered in the code is missing from docs/openapi.json, or the
#      document describes one the code does not register (the document is a hand-written
#      resource, Services/ingest-api/IngestAPI/Resources/openapi.json: this keeps it honest).
#
# Same inputs as gen-docs.sh: BIN_DIR, or a build with CONFIGURATION (default debug).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
scripts/gen-docs.sh "$fresh"

status=0
for file in settings.md openapi.json; do
    if [[ ! -f docs/$file ]]; then
        echo "check-docs: docs/$file is missing; run make docs" >&2
        status=1
    elif ! diff -u "docs/$file" "$fresh/$file" >"$fresh/$file.diff"; then
        echo "check-docs: docs/$file differs from what the executables print (run make docs):" >&2
        head -n 40 "$fresh/$file.diff" >&2
        status=1
    fi
done

python3 - "$fresh" <<'PY' || status=1
import json
import os
import re
import sys

fresh = sys.argv[1]
problems = []

# 2. Settings read by the code, as SettingsSource calls name them: source.integer("NAME", …),
#    possibly across lines, and every setting of the table.
read = set()
for top in ("Shared", "Services"):
    for folder, _, files in os.walk(top):
        for name in files:
            if name.endswith(".swift"):
                text = open(os.path.join(folder, name), encoding="utf-8").read()
                read.update(re.findall(
                    r"\b(?:source|SettingsSource\.standard\(\))\s*\.\s*"
                    r"(?:string|integer|port|double|telegramID|telegramIDs|url|bindAddress|path|duration|bool|list|addressRanges)"
                    r"\s*\(\s*\"([A-Z][A-Z0-9_]+)\"", text))
                # The settings table (Shared/Config/SettingsTable.swift): SettingSpec("NAME", …).
                read.update(re.findall(r"\bSettingSpec\(\s*\"([A-Z][A-Z0-9_]+)\"", text))
settings = open(os.path.join(fresh, "settings.md"), encoding="utf-8").read()
for name in sorted(read):
    if not re.search(r"\b%s\b" % re.escape(name), settings):
        problems.append("the code reads %s but no --help mentions it" % name)

# 3. ingest-api's routes against the OpenAPI document.
registered = set()
for folder, _, files in os.walk("Services/ingest-api/IngestAPI"):
    for name in files:
        if name.endswith(".swift"):
            text = open(os.path.join(folder, name), encoding="utf-8").read()
            for method, path in re.findall(r"router\.(get|post|put|patch|delete)\(\s*\"([^\"]+)\"", text):
                registered.add((method.upper(), path))
            for method, path in re.findall(r"router\.addInline\(\s*\"([A-Z]+)\"\s*,\s*\"([^\"]+)\"", text):
                registered.add((method, path))
            # The standard routes: added by hand, or by the service skeleton (ServiceKit).
            if "addStandardRoutes(" in text or "ServiceSkeleton(" in text:
                registered.update({("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/metrics")})
document = json.load(open(os.path.join(fresh, "openapi.json"), encoding="utf-8"))
described = {
    (method.upper(), path)
    for path, operations in document.get("paths", {}).items()
    for method in operations
    if method in ("get", "post", "put", "patch", "delete", "head", "options")
}
if not registered:
    problems.append("found no routes under Services/ingest-api/IngestAPI (has the registration changed?)")
for method, path in sorted(registered - described):
    problems.append("ingest-api serves %s %s but openapi.json does not describe it" % (method, path))
for method, path in sorted(described - registered):
    problems.append("openapi.json describes %s %s but ingest-api does not register it" % (method, path))

for problem in problems:
    print("check-docs: " + problem, file=sys.stderr)
sys.exit(1 if problems else 0)
PY

if ((status == 0)); then
    echo "check-docs: docs/settings.md and docs/openapi.json match the executables"
fi
exit "$status"
