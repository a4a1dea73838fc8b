#!/usr/bin/env bash
# The repository stands on its own (issue 14): users and CI clone only it, so nothing it
# runs or builds may reach outside it, e.g. for a shared tools folder beside the clone.
# Fails naming each tracked file that does.
set -euo pipefail
cd "$(dirname "$0")/.."
# The folder's name is spelt with a bracket so this file does not match itself.
if found=$(git grep -n -E '\.\./share[d]|/work/share[d]' -- .); then
    echo "$found"
    echo "check-self-contained: the lines above reach outside the repository" >&2
    exit 1
fi
echo "check-self-contained: nothing reaches outside the repository"
