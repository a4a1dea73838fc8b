#!/usr/bin/env bash
# Installs what Switchboard needs from Debian's packages, only what is missing.
# Used by `make up`, `make test` and CI alike; a second run does nothing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

needed=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
for pkg in redis-server postgresql postgresql-contrib libhiredis-dev libpq-dev pkg-config ${EXTRA_PACKAGES:-}; do
    have_pkg "$pkg" || needed+=("$pkg")
done
[ ${#needed[@]} -eq 0 ] && exit 0
echo "deps: installing ${needed[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
# Debian's postinst must not start system-wide services: we run our own under .run/.
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
fi
$SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
