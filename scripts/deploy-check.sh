#!/usr/bin/env bash
# The deployment checks of `make test` (no container engine runs here):
#   1. .env.example and the k8s ConfigMap/Secret name every setting of CONTRACT §2;
#   2. docker-compose.yml passes Debian's `docker-compose config` and has the shape §7 needs;
#   3. deploy/k8s parses, every long-running container has readiness and liveness probes,
#      selectors and references hold;
#   4. the image rehearsal: deploy/stage-image.sh (what the Dockerfile runs) assembles the
#      runtime tree from the release build; the libraries it needs are all covered by the
#      Dockerfile's RUNTIME_PACKAGES; the four services run from that tree with the
#      toolchain's libraries and the build folder hidden (a private mount namespace: as root,
#      or else in a user namespace; the check fails when neither is possible), against a
#      Redis and PostgreSQL of their own; ingest-api migrates from the tree and reads its
#      resources from the staged bundle;
#   5. nginx runs deploy/nginx's template, rendered for those services, with a certificate
#      made now; through it: wss:// /notify receives an event published to Redis, https
#      POST /api/ingest answers 2xx JSON, the Telegram webhook (telegram-gateway in webhook
#      mode, registered with a Bot API double on loopback) refuses a call without the
#      secret and takes one with it, and the limits hold.
# Everything listens on 127.0.0.1 only. Every process started here is stopped by its PID and
# the scratch folder removed, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
started=$SECONDS

EXTRA_PACKAGES="docker-compose nginx" scripts/deps.sh

run="$PWD/.run/deploy-check-$$"
mkdir -p "$run"
pids=()
nginx_pid=
cleanup() {
    local status=$?
    set +e
    # nginx first, then the services, then their Redis and PostgreSQL.
    [ -n "$nginx_pid" ] && kill -TERM "$nginx_pid" 2>/dev/null
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for pid in $nginx_pid "${pids[@]}"; do
        wait_for "! kill -0 $pid" 10 || { echo "deploy-check: $pid ignored SIGTERM for 10 s, killing it" >&2; kill -KILL "$pid" 2>/dev/null; }
    done
    scripts/redis.sh stop "$run/redis" >/dev/null 2>&1
    scripts/postgres.sh remove "$run/pg" >/dev/null 2>&1
    if [ "$status" -ne 0 ]; then
        for log in "$run"/logs/*.log "$run"/nginx/error.log; do
            [ -s "$log" ] && { echo "--- $log (last lines)"; tail -n 15 "$log"; }
        done
    fi
    rm -rf "$run"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "-- settings"
python3 scripts/deploy_check.py settings

echo "-- docker-compose.yml (docker-compose $(docker-compose version --short 2>/dev/null))"
# Validated in a scratch project directory with a .env made from .env.example, so neither a
# developer's own .env nor the shell's variables change the outcome.
mkdir -p "$run/compose"
sed -e 's/^POSTGRES_PASSWORD=$/POSTGRES_PASSWORD=deploy-check/' \
    -e 's/^ADMIN_API_TOKEN=$/ADMIN_API_TOKEN=deploy-check-token-0123456789abcdef/' .env.example >"$run/compose/.env"
compose() { env -i PATH="$PATH" HOME="$run/compose" docker-compose --project-directory "$run/compose" -f "$PWD/docker-compose.yml" "$@"; }
compose config -q
compose config >"$run/compose/config.yml"
echo "  ok   docker-compose config -q"
python3 scripts/deploy_check.py compose "$run/compose/config.yml" docker-compose.yml

echo "-- deploy/k8s"
python3 scripts/deploy_check.py k8s deploy/k8s

echo "-- image rehearsal (deploy/stage-image.sh, as in deploy/Dockerfile)"
swift_build "$run/release-build.log" -c release
image="$run/image"
deploy/stage-image.sh "$image" "$(swift build -c release --show-bin-path)" 2>&1 | sed 's/^/  /'
python3 scripts/deploy_check.py runtime-libs "$image" deploy/Dockerfile
swift_libs=$(cd "$(dirname "$(command -v swift)")/../lib/swift/linux" && pwd -P)
build_dir=$(cd .build && pwd -P)

# Runs a staged executable as the image would: from /app (here $image/app), finding the Swift
# runtime only in the staged tree, in a private mount namespace where the toolchain's library
# folder and .build are empty, so a library or resource bundle missing from the tree fails
# here as it would in the image. As root a plain mount namespace; otherwise one inside a user
# namespace (unshare -r). Without either the rehearsal could not hide the toolchain, and a
# weaker run would prove less than it claims: that is a failure, not a note.
if [ "$(id -u)" -eq 0 ]; then namespace=(unshare -m --propagation private); else namespace=(unshare -r -m --propagation private); fi
mkdir -p "$run/probe"
if ! "${namespace[@]}" sh -c 'mount -t tmpfs none "$1"' probe "$run/probe" 2>"$run/probe.log"; then
    cat "$run/probe.log" >&2
    die "deploy check: cannot make a private mount namespace (${namespace[*]}), so the staged tree cannot be run with the toolchain hidden; run as root or allow unprivileged user namespaces"
fi
echo "  ok   services run with $swift_libs and $build_dir hidden (${namespace[*]})"
# image_cmd COMMAND…: sets CMD to run COMMAND that way, in $image/app (the image's WORKDIR).
# A plain command line (unshare execs sh, which execs env, which execs the service), so the
# PID of `"${CMD[@]}" &` is the service's own.
image_cmd() {
    local env_cmd=(env -C "$image/app" LD_LIBRARY_PATH="$image/usr/lib/swift/linux" "$@")
    CMD=("${namespace[@]}" sh -c 'mount -t tmpfs none "$1" && mount -t tmpfs none "$2" && shift 2 && exec "$@"'
        in-image "$swift_libs" "$build_dir" "${env_cmd[@]}")
}
image_cmd sh -c 'for e in bin/*; do [ -f "$e" ] && ldd "$e"; done'
"${CMD[@]}" >"$run/ldd.txt"
if grep -q 'not found' "$run/ldd.txt"; then
    grep 'not found' "$run/ldd.txt"
    die "staged executables miss libraries"
fi
if grep -q "$swift_libs" "$run/ldd.txt"; then
    die "staged executables still load from $swift_libs"
fi
echo "  ok   every library of the staged executables resolves inside the tree or the system"

echo "-- services from the staged tree, with Redis and PostgreSQL"
mkdir -p "$run/logs"
redis_port=$(free_port)
scripts/redis.sh start "$run/redis" "$redis_port"
pg_port=$(free_port)
scripts/postgres.sh start "$run/pg" "$pg_port"
ingest_port=$(free_port)
gateway_port=$(free_port)
relay_port=$(free_port)
hub_port=$(free_port)
admin_token=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
export_env=(
    BIND_ADDRESS=127.0.0.1 WEBSOCKET_SERVER=127.0.0.1
    REDIS_URL="redis://127.0.0.1:$redis_port/0"
    DATABASE_URL="postgres://switchboard@127.0.0.1:$pg_port/switchboard"
    BACKEND_URL="http://127.0.0.1:$ingest_port"
    INGEST_PORT="$ingest_port" GATEWAY_PORT="$gateway_port" RELAY_PORT="$relay_port" WEBSOCKET_PORT="$hub_port"
    ADMIN_API_TOKEN="$admin_token" EVENTS_CHANNEL=switchboard:events LOG_LEVEL=info
)
# start_service NAME [SETTING=VALUE…]: the staged NAME with the common settings and these.
start_service() {
    local name=$1
    shift
    image_cmd "${export_env[@]}" "$@" "$image/app/bin/$name"
    "${CMD[@]}" >"$run/logs/$name.log" 2>&1 &
    pids+=($!)
}
# `ingest-api migrate` runs first, as compose's one-shot step does.
image_cmd "${export_env[@]}" "$image/app/bin/ingest-api" migrate
timeout 60 "${CMD[@]}" >"$run/logs/migrate.log" 2>&1 || die "ingest-api migrate failed (see above)"
echo "  ok   ingest-api migrate (from the staged tree) exited 0"
# The Bot API double the gateway talks to in webhook mode (loopback only).
telegram_port=$(free_port)
python3 scripts/deploy_check.py telegram-double "$telegram_port" "$run/telegram-calls.jsonl" >"$run/logs/telegram-double.log" 2>&1 &
pids+=($!)
wait_for "curl -s -o /dev/null http://127.0.0.1:$telegram_port/" 10 || die "the Bot API double did not start"
webhook_secret=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
start_service ingest-api
start_service telegram-gateway TELEGRAM_TOKEN=123456:deploy-check TELEGRAM_MODE=webhook \
    TELEGRAM_API_BASE="http://127.0.0.1:$telegram_port" WEBHOOK_URL=https://localhost \
    WEBHOOK_PATH=/telegram/webhook WEBHOOK_SECRET="$webhook_secret"
start_service operator-relay
start_service notify-hub
for pair in "ingest-api:$ingest_port" "telegram-gateway:$gateway_port" "operator-relay:$relay_port" "notify-hub:$hub_port"; do
    name=${pair%%:*} port=${pair##*:}
    wait_for "curl -sf http://127.0.0.1:$port/readyz" 30 || die "$name: /readyz did not answer 200 within 30 s"
    echo "  ok   $name on :$port, /healthz and /readyz 200"
done
# The FAQ and migrations must come from the bundle in the tree, not from .build.
grep -q 'Switchboard_IngestAPI.resources' "$run/logs/ingest-api.log" "$run/logs/migrate.log" ||
    die "ingest-api's logs do not show it reading the staged Switchboard_IngestAPI.resources bundle"
! grep -q "$build_dir" "$run/logs/ingest-api.log" "$run/logs/migrate.log" ||
    die "ingest-api read files from $build_dir, not from the staged tree"
echo "  ok   ingest-api reads its resources from the staged bundle"

echo "-- nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') in front, TLS with a certificate made now"
mkdir -p "$run/nginx/tmp"
deploy/nginx/self-signed-cert.sh "$run/nginx/certs" localhost 2>/dev/null
https_port=$(free_port)
http_port=$(free_port)
SB_HTTPS_PORT="127.0.0.1:$https_port" SB_HTTP_PORT="127.0.0.1:$http_port" \
    SB_TLS_CERT="$run/nginx/certs/fullchain.pem" SB_TLS_KEY="$run/nginx/certs/privkey.pem" \
    SB_RESOLVER=127.0.0.1 \
    SB_INGEST="127.0.0.1:$ingest_port" SB_GATEWAY="127.0.0.1:$gateway_port" SB_HUB="127.0.0.1:$hub_port" \
    SB_NOTIFY_PATH=/notify SB_WEBHOOK_PATH=/telegram/webhook \
    python3 scripts/deploy_check.py render deploy/nginx/templates/switchboard.conf.template "$run/nginx/switchboard.conf"
# The local main file: only what differs from deploy/nginx/nginx.conf (paths a non-packaged
# nginx can write); the Switchboard part is the rendered template, unchanged.
cat >"$run/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $run/nginx/nginx.pid;
error_log $run/nginx/error.log info;
events { worker_connections 1024; }
http {
    client_body_temp_path $run/nginx/tmp/body;
    proxy_temp_path $run/nginx/tmp/proxy;
    fastcgi_temp_path $run/nginx/tmp/fastcgi;
    uwsgi_temp_path $run/nginx/tmp/uwsgi;
    scgi_temp_path $run/nginx/tmp/scgi;
    include $run/nginx/switchboard.conf;
    access_log $run/nginx/access.log switchboard;
}
EOF
nginx_args=(-p "$run/nginx" -c "$run/nginx/nginx.conf" -e "$run/nginx/error.log")
nginx -t -q "${nginx_args[@]}" || die "nginx -t rejected the rendered configuration"
echo "  ok   nginx -t accepts deploy/nginx/templates/switchboard.conf.template"
nginx "${nginx_args[@]}" -g 'daemon off;' &
nginx_pid=$!
wait_for "curl -s -o /dev/null http://127.0.0.1:$http_port/" 10 || die "nginx did not start"

echo "-- through nginx (https://localhost:$https_port, wss://)"
EDGE_HTTPS_PORT=$https_port EDGE_HTTP_PORT=$http_port EDGE_CAFILE="$run/nginx/certs/fullchain.pem" \
    EDGE_ADMIN_TOKEN=$admin_token EDGE_REDIS_PORT=$redis_port EDGE_EVENTS_CHANNEL=switchboard:events \
    EDGE_WEBHOOK_PATH=/telegram/webhook EDGE_WEBHOOK_SECRET="$webhook_secret" \
    EDGE_TELEGRAM_LOG="$run/telegram-calls.jsonl" \
    python3 scripts/deploy_check.py edge

echo "deploy check: all green ($((SECONDS - started)) s)"
