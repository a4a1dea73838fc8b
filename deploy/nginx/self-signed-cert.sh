#!/usr/bin/env bash
# A self-signed certificate for trying the stack (and for scripts/deploy-check.sh):
#   deploy/nginx/self-signed-cert.sh [DIR] [NAME]     → DIR/fullchain.pem, DIR/privkey.pem
# DIR defaults to deploy/nginx/certs (what docker-compose.yml mounts), NAME to localhost.
# For a public server put a real certificate (e.g. Let's Encrypt's fullchain.pem and
# privkey.pem) in that folder instead: Telegram's webhook needs one it trusts.
set -euo pipefail
dir=${1:-"$(dirname "$0")/certs"}
name=${2:-localhost}
mkdir -p "$dir"
openssl req -x509 -newkey rsa:2048 -nodes -days 825 -sha256 \
    -keyout "$dir/privkey.pem" -out "$dir/fullchain.pem" \
    -subj "/CN=$name" -addext "subjectAltName=DNS:$name,DNS:localhost,IP:127.0.0.1" 2>/dev/null
chmod 600 "$dir/privkey.pem"
chmod 644 "$dir/fullchain.pem"
echo "certificate for $name in $dir (self-signed: browsers will ask you to accept it)" >&2
