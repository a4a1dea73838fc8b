#!/usr/bin/env bash
# `make compose-check`: docker-compose.yml for real on this machine, with podman as the engine
# (Debian's podman behind its Docker-compatible API, driven by Debian's docker-compose):
#   1. the images: a Debian 12 base made with debootstrap (stand-in for debian:bookworm-slim,
#      cached), the service image from deploy/Dockerfile with the release binaries built here
#      (STAGING=prebuilt: the same runtime stage as the full build), and stand-ins for the
#      third-party images compose names (redis, postgres, nginx) from Debian's packages,
#      tagged with exactly those names, so compose pulls nothing;
#   2. `up -d`, every service healthy and the migration done (the time it took is printed);
#      through nginx: wss:// /notify receives the event of an https POST /api/ingest; a
#      Telegram user (a Bot API double that telegram-gateway polls) gets an answer;
#   3. `up -d --scale notify-hub=3`: a client on every hub, one event reaches all of them;
#   4. `stop`: every service exits 0 on SIGTERM within the grace period; `down -v` leaves no
#      container, volume or network of the project;
#   5. deploy/k8s against the Kubernetes API schemas (kubernetes-validate from PyPI, offline
#      schemas), and every variable the manifests set is one the services read.
# Not part of `make test` (minutes, and a container engine). Installs what it needs. Podman's
# images and layers are kept in $SWITCHBOARD_COMPOSE_CACHE (~/.cache/switchboard-compose), so
# a second run builds nothing unchanged. Published ports are on 127.0.0.1 only. Whatever
# happens, the project's containers, volumes and network and the podman service it started
# (by PID) are removed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
started=$SECONDS
repo=$PWD
project=sbcomposecheck
cache=${SWITCHBOARD_COMPOSE_CACHE:-$HOME/.cache/switchboard-compose}
[ "$(id -u)" -eq 0 ] || die "compose-check: needs root (debootstrap, rootful podman)"

echo "-- what it needs (Debian: podman, runc, iptables, debootstrap, docker-compose; PyPI: kubernetes-validate)"
EXTRA_PACKAGES="podman runc conmon iptables netavark aardvark-dns debootstrap docker-compose python3-venv python3-yaml curl openssl" \
    scripts/deps.sh
venv="$cache/venv"
if ! "$venv/bin/kubernetes-validate" --version >/dev/null 2>&1; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    timeout 300 "$venv/bin/pip" install -q kubernetes-validate || die "compose-check: pip install kubernetes-validate failed"
fi
echo "  ok   $(podman --version), runc $(runc --version | awk 'NR == 1 { print $3 }'), docker-compose $(docker-compose version --short), kubernetes-validate $("$venv/bin/kubernetes-validate" --version 2>&1 | awk '{ print $NF }')"

run="$repo/.run/compose-check-$$"
# Podman's state that lives as long as the machine is up (its database records these paths,
# so they stay the same from run to run of one cache).
podman_run=/run/switchboard-compose/$(printf '%s' "$cache" | md5sum | cut -c1-8)
mkdir -p "$run" "$cache/storage" "$cache/networks" "$podman_run"
service_pid=
health_pid=
compose_used=
summary=()
note() { summary+=("$*"); }

# Podman, configured for this machine, used through these two files only (the system's own
# configuration and store are left alone):
#  - runc: crun refuses this kernel's hybrid cgroup layout;
#  - cgroupfs: there is no systemd to manage cgroups;
#  - default_ulimits = []: podman's default raises the open-files limit, which root here
#    cannot do (prlimit: Operation not permitted above the hard limit);
#  - iptables (installed above) for the bridge networks.
cat >"$run/containers.conf" <<EOF
[containers]
default_ulimits = []
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$podman_run/libpod"
[network]
network_config_dir = "$cache/networks"
EOF
cat >"$run/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$cache/storage"
runroot = "$podman_run/storage"
EOF
export CONTAINERS_CONF="$run/containers.conf" CONTAINERS_STORAGE_CONF="$run/storage.conf"
socket="$podman_run/podman-$$.sock"

# compose ARGS…: Debian's docker-compose on this project, against podman's API; any one
# command ends within 5 minutes.
compose() {
    timeout 300 env -i PATH="$PATH" HOME="$run" DOCKER_HOST="unix://$socket" COMPOSE_HTTP_TIMEOUT=120 \
        docker-compose -p "$project" --project-directory "$run/project" \
        -f "$repo/docker-compose.yml" -f "$run/compose-check.yml" "$@"
}

# Removes what belongs to this project (containers, volumes, networks), whether compose
# made it in this run or an interrupted one left it.
remove_project() {
    local label="label=com.docker.compose.project=$project" ids
    ids=$(podman ps -aq --filter "$label" 2>/dev/null || true)
    [ -n "$ids" ] && podman rm -f -t 10 $ids >/dev/null 2>&1
    ids=$(podman volume ls -q --filter "$label" 2>/dev/null || true)
    [ -n "$ids" ] && podman volume rm -f $ids >/dev/null 2>&1
    ids=$(podman network ls -q --filter "$label" 2>/dev/null || true)
    [ -n "$ids" ] && podman network rm -f $ids >/dev/null 2>&1
    return 0
}

cleanup() {
    local status=$?
    set +e
    if [ "$status" -ne 0 ] && [ -n "${COMPOSE_CHECK_KEEP:-}" ] && [ -n "$compose_used" ]; then
        # Debugging: leave the stack and the podman service up (remove them with `podman
        # rm -f`, `kill $service_pid`, or simply by running the check again).
        echo "compose-check: COMPOSE_CHECK_KEEP: left running; podman with CONTAINERS_CONF=$CONTAINERS_CONF CONTAINERS_STORAGE_CONF=$CONTAINERS_STORAGE_CONF, API unix://$socket (pid $service_pid)" >&2
        exit "$status"
    fi
    if [ -n "$compose_used" ]; then
        if [ "$status" -ne 0 ]; then
            echo "--- the stack's logs (last lines of each)"
            for id in $(podman ps -aq --filter "label=com.docker.compose.project=$project"); do
                echo "--- $(podman inspect --format '{{.Name}} {{.State.Status}} exit {{.State.ExitCode}}' "$id")"
                podman logs --tail 12 "$id" 2>&1 | cut -c1-400
            done
        fi
        compose down -v --remove-orphans -t 30 >/dev/null 2>&1
    fi
    remove_project
    [ -n "$health_pid" ] && kill "$health_pid" 2>/dev/null
    if [ -n "$service_pid" ]; then
        kill -TERM "$service_pid" 2>/dev/null
        wait_for "! kill -0 $service_pid" 10 || kill -KILL "$service_pid" 2>/dev/null
    fi
    rm -f "$socket"
    rm -rf "$run"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
remove_project

echo "-- images"
swift_build "$run/release-build.log" -c release
deploy/stage-image.sh "$run/tree" "$(swift build -c release --show-bin-path)" 2>&1 | sed 's/^/  /'

# The base: debootstrap's Debian 12, cached as a tarball; imported again when it changed.
base=docker.io/library/debian:bookworm-slim
tarball=$(scripts/compose-check/base-image.sh "$cache")
stamp=$(stat -c '%Y-%s' "$tarball")
if [ "$(podman image inspect --format '{{index .Labels "org.switchboard.base"}}' "$base" 2>/dev/null)" != "$stamp" ]; then
    podman import --change "LABEL org.switchboard.base=$stamp" --change 'CMD ["bash"]' "$tarball" "$base" >/dev/null 2>&1
fi
echo "  ok   $base: debootstrap --variant=minbase bookworm, slimmed ($(podman image inspect --format '{{.Size}}' "$base" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"

# build TAG CONTAINERFILE CONTEXT [ARGS…]: podman build, its output in the run's logs.
build() {
    local tag=$1 file=$2 context=$3 name
    shift 3
    name=$(basename "$tag" | tr ':/' '--')
    if ! timeout 900 podman build --pull=never --layers -t "$tag" -f "$file" "$@" "$context" >"$run/build-$name.log" 2>&1; then
        tail -n 25 "$run/build-$name.log" >&2
        die "compose-check: building $tag failed"
    fi
}
build docker.io/library/redis:7.2-bookworm scripts/compose-check/redis/Containerfile scripts/compose-check/redis
build docker.io/library/postgres:16-bookworm scripts/compose-check/postgres/Containerfile scripts/compose-check/postgres
build docker.io/library/nginx:1.27-bookworm scripts/compose-check/nginx/Containerfile scripts/compose-check/nginx
build localhost/switchboard-compose-check/telegram-double:latest scripts/compose-check/telegram-double/Containerfile scripts
echo "  ok   stand-ins from Debian's packages: redis:7.2-bookworm, postgres:16-bookworm, nginx:1.27-bookworm; the Bot API double"
image=localhost/switchboard:latest
build "$image" deploy/Dockerfile "$run/tree" --build-arg STAGING=prebuilt
podman image prune -f >/dev/null 2>&1 || true
size=$(podman image inspect --format '{{.Size}}' "$image" | awk '{ printf "%.0f MB", $1 / 1e6 }')
user=$(podman image inspect --format '{{.Config.User}}' "$image")
[ "$user" = "10001:10001" ] || die "compose-check: the image runs as '$user', expected 10001:10001"
# It runs as that user on a read-only root (as deploy/k8s runs it), every library found.
podman run --rm --read-only "$image" sh -c 'test "$(id -u)" = 10001 && for s in ingest-api telegram-gateway notify-hub operator-relay; do "$s" --help >/dev/null || exit 1; done' \
    || die "compose-check: the image's executables do not run as uid 10001 on a read-only root"
for s in ingest-api telegram-gateway notify-hub operator-relay; do
    podman run --rm "$image" "$s" --help >"$run/help-$s.txt"
done
echo "  ok   $image from deploy/Dockerfile (STAGING=prebuilt): $size, user 10001, the four executables run on a read-only root"
note "image: $image $size (deploy/Dockerfile, release binaries of this machine), non-root (10001)"

echo "-- podman's Docker API (podman system service)"
podman system service --time=0 "unix://$socket" >"$run/podman-service.log" 2>&1 &
service_pid=$!
wait_for "curl -sf --unix-socket $socket http://d/_ping" 30 || { cat "$run/podman-service.log" >&2; die "compose-check: podman system service did not answer within 30 s"; }
echo "  ok   podman system service on $socket (pid $service_pid)"

echo "-- the compose project ($project)"
# A scratch project folder: our .env and certificate, never a developer's own .env or
# deploy/nginx/certs. The files compose mounts are copies of deploy/nginx's.
mkdir -p "$run/project/deploy/nginx"
cp -R deploy/nginx/nginx.conf deploy/nginx/templates deploy/nginx/entrypoint.d "$run/project/deploy/nginx/"
deploy/nginx/self-signed-cert.sh "$run/project/deploy/nginx/certs" localhost 2>/dev/null
https_port=$(free_port)
http_port=$(free_port)
double_port=$(free_port)
admin_token=$(openssl rand -hex 32)
# .env.example with the values a user fills in (tokens long, as ingest-api will require).
python3 - "$run/project/.env" <<EOF
import sys
values = {
    "POSTGRES_PASSWORD": "$(openssl rand -hex 16)",
    "ADMIN_API_TOKEN": "$admin_token",
    "INTERNAL_API_TOKEN": "$(openssl rand -hex 32)",
    "HTTPS_PORT": "127.0.0.1:$https_port",
    "HTTP_PORT": "127.0.0.1:$http_port",
    "TELEGRAM_TOKEN": "123456:compose-check",
    "TELEGRAM_API_BASE": "http://telegram-double:8080",
    "TELEGRAM_MODE": "polling",
    "POLL_TIMEOUT": "5",
}
lines = []
for line in open(".env.example", encoding="utf-8"):
    name = line.split("=", 1)[0] if "=" in line and not line.startswith("#") else None
    lines.append(f"{name}={values.pop(name)}\n" if name in values else line)
lines += [f"{name}={value}\n" for name, value in values.items()]
open(sys.argv[1], "w", encoding="utf-8").writelines(lines)
EOF
# What this check adds to docker-compose.yml: the Bot API double in the project's network
# (published on loopback for the check), and the open-files limits this machine can give.
# The hard limits a container gets here (what it may ask for at most).
limits=$(podman run --rm "$base" cat /proc/self/limits)
hard_nofile=$(awk '/^Max open files/ { print $5 }' <<<"$limits")
hard_nproc=$(awk '/^Max processes/ { print $4 }' <<<"$limits")
{
    echo "services:"
    echo "  telegram-double:"
    echo "    image: localhost/switchboard-compose-check/telegram-double:latest"
    echo "    ports: [\"127.0.0.1:$double_port:8080\"]"
    if [ "$hard_nofile" != unlimited ] && [ "$hard_nofile" -lt 200000 ]; then
        for service in notify-hub nginx; do
            echo "  $service:"
            # nproc too: a container with any ulimit gets podman's nproc default
            # (1048576) unless it names one, which root here cannot set either (a
            # container's hard limit is 32768 here).
            echo "    ulimits: {nofile: {soft: $hard_nofile, hard: $hard_nofile}, nproc: {soft: $hard_nproc, hard: $hard_nproc}}"
        done
    fi
} >"$run/compose-check.yml"
if [ "$hard_nofile" != unlimited ] && [ "$hard_nofile" -lt 200000 ]; then
    echo "  note open files: this machine's hard limit is $hard_nofile and root cannot raise it, so notify-hub and nginx get $hard_nofile (compose asks 65536 and 200000)"
    note "machine limit: nofile $hard_nofile for notify-hub and nginx (compose asks 65536/200000; root cannot raise it here)"
fi
compose config -q
echo "  ok   docker-compose config (docker-compose.yml + the check's additions)"

echo "-- up"
compose_used=1
# Podman runs healthchecks from systemd timers; there is no systemd here, so this does.
python3 scripts/compose_check.py health "$project" 900 >"$run/health.log" 2>&1 &
health_pid=$!
up_started=$(date +%s.%N)
compose up -d >"$run/up.log" 2>&1 || { cat "$run/up.log" >&2; die "compose-check: docker-compose up -d failed"; }
python3 scripts/compose_check.py wait-healthy "$project" 240 \
    redis=1 postgres=1 ingest-api=1 telegram-gateway=1 operator-relay=1 notify-hub=1 nginx=1
up_seconds=$(python3 -c "import time; print(f'{time.time() - $up_started:.0f}')")
echo "  ok   up -d to every service healthy: $up_seconds s"
note "docker-compose up -d → all healthy (migration done): $up_seconds s"
podman logs "$(podman ps -q --filter "label=com.docker.compose.service=nginx" --filter "label=com.docker.compose.project=$project")" 2>&1 \
    | grep -m1 'envsh: resolver' | sed 's/^/  /' || true

echo "-- through nginx (https://localhost:$https_port, wss://), Telegram through the double"
export CHECK_HTTPS_PORT=$https_port CHECK_CAFILE="$run/project/deploy/nginx/certs/fullchain.pem" \
    CHECK_ADMIN_TOKEN=$admin_token CHECK_DOUBLE_PORT=$double_port
python3 scripts/compose_check.py stack
note "through nginx: wss:// /notify got the event of an https POST /api/ingest; a Telegram user got the FAQ answer"

echo "-- up -d --scale notify-hub=3"
compose up -d --scale notify-hub=3 >"$run/scale.log" 2>&1 || { cat "$run/scale.log" >&2; die "compose-check: --scale notify-hub=3 failed"; }
python3 scripts/compose_check.py wait-healthy "$project" 120 notify-hub=3 nginx=1
python3 scripts/compose_check.py hubs "$project" 3
note "--scale notify-hub=3: clients on all 3 hubs through nginx, one event reached every client"

echo "-- stop, then down -v"
stop_started=$SECONDS
stop_epoch=$(date +%s.%N)
compose stop >"$run/stop.log" 2>&1 || { cat "$run/stop.log" >&2; die "compose-check: docker-compose stop failed"; }
stop_seconds=$((SECONDS - stop_started))
python3 scripts/compose_check.py stopped "$project" "$stop_epoch"
echo "  ok   stop took $stop_seconds s (grace period: 30 s a service, 10 s nginx)"
compose down -v --remove-orphans >"$run/down.log" 2>&1 || { cat "$run/down.log" >&2; die "compose-check: docker-compose down -v failed"; }
compose_used=
left=$( (podman ps -aq --filter "label=com.docker.compose.project=$project"
    podman volume ls -q --filter "label=com.docker.compose.project=$project"
    podman network ls -q --filter "label=com.docker.compose.project=$project") | wc -l)
[ "$left" -eq 0 ] || die "compose-check: down -v left $left container(s)/volume(s)/network(s) of $project"
echo "  ok   down -v: no container, volume or network of $project left"
note "stop: every service exited 0 on SIGTERM ($stop_seconds s); down -v left nothing"

echo "-- deploy/k8s against the Kubernetes API schemas (offline)"
manifests=$(ls deploy/k8s/*.yaml | grep -v kustomization.yaml)
versions="1.30.0 $("$venv/bin/kubernetes-validate" --version 2>&1 | awk '{ print $NF }')"
for version in $versions; do
    "$venv/bin/kubernetes-validate" --strict --quiet -k "$version" $manifests \
        || die "compose-check: deploy/k8s does not validate against Kubernetes $version"
    echo "  ok   $(echo $manifests | wc -w) files valid (strict) against Kubernetes $version"
done
python3 scripts/compose_check.py k8s-env deploy/k8s "$run"/help-*.txt
note "deploy/k8s: valid (strict) against Kubernetes $(echo $versions | sed 's/ / and /'); every variable it sets is read by the services"

echo
echo "compose-check summary"
for line in "${summary[@]}"; do echo "  $line"; done
echo "compose-check: all green ($((SECONDS - started)) s)"
