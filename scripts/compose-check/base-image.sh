#!/usr/bin/env bash
# The stand-in for Docker Hub's debian:bookworm-slim, made from Debian's own packages:
#   scripts/compose-check/base-image.sh CACHE_DIR
# debootstrap --variant=minbase bookworm, slimmed the way the slim images are (dpkg leaves
# out documentation, manual pages and translations, now and in every later install; apt
# keeps no package cache), with
# the same apt sources as the official image (bookworm, -updates, -security), packed as
# CACHE_DIR/debian-bookworm-slim.tar. An existing tarball is reused; delete it to refresh.
# Prints the tarball's path. Needs root (debootstrap), like the rest of compose-check.
set -euo pipefail
cache=${1:?usage: base-image.sh CACHE_DIR}
tarball="$cache/debian-bookworm-slim.tar"
if [ -s "$tarball" ]; then
    echo "$tarball"
    exit 0
fi
mkdir -p "$cache"
root=$(mktemp -d "$cache/rootfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
log="$cache/debootstrap.log"
if ! timeout 900 debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    echo "base-image: debootstrap failed (log: $log)" >&2
    exit 1
fi

# What the slim images leave out, for this tree and for every package installed later.
cat >"$root/etc/dpkg/dpkg.cfg.d/slim" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
CFG
find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "$root"/usr/share/{man,groff,info,lintian,linda,locale}/*

# apt keeps no downloaded package and no binary cache, and fetches no translations (what
# the official images configure): an image's apt-get install layer holds the packages only.
cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT
echo 'Acquire::Languages "none";' >"$root/etc/apt/apt.conf.d/docker-no-languages"

# The official image's sources (deb822), instead of debootstrap's one-line list.
rm -f "$root/etc/apt/sources.list"
cat >"$root/etc/apt/sources.list.d/debian.sources" <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
# No package list, no downloaded package, no log: an image starts with `apt-get update`.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin \
    "$root"/var/log/*.log "$root"/var/log/apt/* "$root"/tmp/* "$root"/root/.bash_history
# A container has no init to start services with: packages install without starting them.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
# The container engine writes these at run time.
: >"$root/etc/hostname"
rm -f "$root/etc/resolv.conf"
: >"$root/etc/resolv.conf"

tar --numeric-owner --xattrs -C "$root" -cf "$tarball.part" .
mv "$tarball.part" "$tarball"
echo "base-image: $(du -sh "$tarball" | cut -f1) in $tarball" >&2
echo "$tarball"
