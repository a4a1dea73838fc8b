#!/usr/bin/env python3
"""The checks of scripts/compose-check.sh (`make compose-check`) against the running stack.

Standard library plus what scripts/deploy_check.py already uses (its WebSocket client and
TLS helpers are reused here):

  compose_check.py health PROJECT SECONDS    runs each container's healthcheck at its interval
                                             (what systemd's timers do for podman elsewhere)
  compose_check.py wait-healthy PROJECT SECONDS SERVICE=COUNT…   every SERVICE has COUNT
                                             running healthy containers, the migration exited 0
  compose_check.py stack                     through nginx: wss:// /notify gets the event of an
                                             https POST /api/ingest; a Telegram user gets an answer
  compose_check.py hubs PROJECT COUNT        a /notify client on every notify-hub, one event to all
  compose_check.py stopped PROJECT EPOCH     after `stop`: every service exited 0 on SIGTERM
  compose_check.py k8s-env DIR HELP_FILE…    every variable the manifests set is one the services read
Settings of `stack` and `hubs` come from the environment (CHECK_*). Each prints what it
checked and exits 1 with the reasons on a failure.
"""

import json
import os
import re
import subprocess
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deploy_check as dc  # noqa: E402 - next to this file
from deploy_check import fail, finish, ok  # noqa: E402

SERVICES = ("ingest-api", "telegram-gateway", "notify-hub", "operator-relay")


def podman(*arguments, timeout=60):
    return subprocess.run(["podman", *arguments], capture_output=True, text=True, timeout=timeout)


def containers(project, all_states=False):
    """The project's containers as `podman inspect` describes them."""
    listed = podman("ps", *(["-a"] if all_states else []), "-q", "--filter",
                    f"label=com.docker.compose.project={project}").stdout.split()
    if not listed:
        return []
    result = podman("inspect", *listed)
    # A container may go away between the two calls; inspect then lists the others.
    try:
        return json.loads(result.stdout or "[]")
    except ValueError:
        return []


def service_of(container):
    return (container.get("Config", {}).get("Labels") or {}).get("com.docker.compose.service", "?")


# ---- health: the scheduler podman lacks without systemd --------------------------------


def health(project, seconds):
    """Podman schedules healthchecks with systemd timers; on a machine without systemd (this
    one) nothing runs them and a container stays `starting` for ever, so compose would wait
    for ever on `condition: service_healthy`. This runs `podman healthcheck run` for each
    running container of the project every `interval` from its start, as the timer would
    (podman applies retries and start_period itself). Ends after `seconds`."""
    deadline = time.monotonic() + seconds
    threads = {}

    def run_checks(container_id, interval):
        next_run = time.monotonic() + interval
        while time.monotonic() < deadline:
            time.sleep(max(0.0, next_run - time.monotonic()))
            try:
                result = podman("healthcheck", "run", container_id, timeout=max(30, interval))
            except subprocess.TimeoutExpired:
                continue
            if "no such container" in result.stderr or "not running" in result.stderr \
                    or "is not running" in result.stderr:
                return
            next_run += interval
            if next_run < time.monotonic():
                next_run = time.monotonic() + interval

    while time.monotonic() < deadline:
        for container in containers(project):
            container_id = container["Id"]
            check = container.get("Config", {}).get("Healthcheck") or {}
            key = (container_id, container.get("State", {}).get("StartedAt"))
            if not check.get("Test") or check["Test"] == ["NONE"] or key in threads:
                continue
            interval = (check.get("Interval") or 30_000_000_000) / 1e9
            thread = threading.Thread(target=run_checks, args=(container_id, interval), daemon=True)
            threads[key] = thread
            thread.start()
        time.sleep(0.5)


def wait_healthy(project, seconds, expected):
    """Waits until each service of `expected` ({service: count}) has that many running,
    healthy containers and the migration has exited 0; prints the time it took."""
    started = time.monotonic()
    deadline = started + seconds
    state = {}
    while time.monotonic() < deadline:
        state = {}
        migrate = None
        for container in containers(project, all_states=True):
            service = service_of(container)
            status = container.get("State", {})
            if service == "migrate":
                migrate = status
                continue
            health_state = (status.get("Health") or status.get("Healthcheck") or {}).get("Status", "")
            key = "healthy" if status.get("Status") == "running" and health_state == "healthy" else (
                f"{status.get('Status')}/{health_state or 'no healthcheck'}")
            state.setdefault(service, []).append(key)
        if migrate and migrate.get("Status") == "exited" and migrate.get("ExitCode") not in (0, None):
            fail(f"migrate exited {migrate.get('ExitCode')}")
            finish()
        done = migrate is not None and migrate.get("Status") == "exited" and migrate.get("ExitCode") == 0
        for service, count in expected.items():
            if state.get(service, []).count("healthy") < count:
                done = False
        if done:
            elapsed = time.monotonic() - started
            ok(f"healthy ({elapsed:.0f} s after waiting began): " + ", ".join(
                f"{service} ×{count}" for service, count in expected.items()) + "; migrate exited 0")
            return
        time.sleep(1)
    fail(f"not healthy within {seconds} s: {json.dumps(state)}")
    finish()


# ---- stack: through nginx ---------------------------------------------------------------


def setting(name):
    value = os.environ.get(name)
    if value is None:
        raise SystemExit(f"compose_check.py: {name} is not set")
    return value


def open_dashboard(https_port, context, token):
    status, _, ws = dc.websocket_handshake(https_port, f"/notify?token={token}", context)
    return status, ws


def receive_marker(ws, marker, seconds):
    """The first text frame holding `marker` within `seconds`, or None."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ws.sock.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            message = ws.receive()
        except (TimeoutError, OSError):
            return None
        if message is None:
            return None
        if isinstance(message, str) and marker in message:
            return message
    return None


def ingest(https_port, context, text, chat_id):
    body = json.dumps({"text": text, "language": "en", "channel": "api", "chat_id": chat_id}).encode()
    return dc.https_request(https_port, context, "POST", "/api/ingest", body, {"Content-Type": "application/json"})


def stack():
    https_port = int(setting("CHECK_HTTPS_PORT"))
    context = dc.tls_context(setting("CHECK_CAFILE"))
    token = setting("CHECK_ADMIN_TOKEN")
    double = f"http://127.0.0.1:{setting('CHECK_DOUBLE_PORT')}"

    status, ws = open_dashboard(https_port, context, token)
    if ws is None:
        fail(f"wss:// /notify through nginx: {status}, expected 101")
        finish()
    ok("wss:// /notify through nginx (TLS verified against the check's certificate): 101")

    # A question the FAQ cannot answer: ingest-api files a ticket and publishes events that
    # every hub forwards to its dashboards; the marker finds ours among them.
    marker = f"compose-check {uuid.uuid4()}"
    status, _, answer = ingest(https_port, context, f"The printer on floor {marker} is on fire", "compose-check")
    try:
        parsed = json.loads(answer)
    except ValueError:
        parsed = None
    if 200 <= status < 300 and isinstance(parsed, dict) and parsed.get("status"):
        ok(f"https POST /api/ingest: {status}, status {parsed['status']!r}")
    else:
        fail(f"https POST /api/ingest: {status} {answer[:200]!r}")
    frame = receive_marker(ws, marker, 20)
    if frame:
        ok(f"wss:// /notify: the ingest's {json.loads(frame).get('type')!r} event arrived through nginx")
    else:
        fail("wss:// /notify: no event of the ingest within 20 s")
    ws.close()

    # Telegram: a user writes to the bot (an update queued on the Bot API double, which the
    # gateway polls) and gets the FAQ's answer back through sendMessage.
    chat_id = 700000 + int(time.time()) % 100000
    update = {"message": {"message_id": 1, "date": int(time.time()), "text": "How do I reset my password?",
                          "chat": {"id": chat_id, "type": "private", "first_name": "Compose"},
                          "from": {"id": chat_id, "is_bot": False, "first_name": "Compose", "language_code": "en"}}}
    request = dc.http.client.HTTPConnection("127.0.0.1", int(setting("CHECK_DOUBLE_PORT")), timeout=10)
    request.request("POST", "/_double/update", json.dumps(update), {"Content-Type": "application/json"})
    request.getresponse().read()
    request.close()
    sent = None
    polled = False
    deadline = time.monotonic() + 45
    while sent is None and time.monotonic() < deadline:
        connection = dc.http.client.HTTPConnection("127.0.0.1", int(setting("CHECK_DOUBLE_PORT")), timeout=10)
        connection.request("GET", "/_double/calls")
        calls = [json.loads(line) for line in connection.getresponse().read().decode().splitlines() if line]
        connection.close()
        polled = polled or any(call["method"] == "getUpdates" for call in calls)
        for call in calls:
            if call["method"] == "sendMessage" and str(call["body"].get("chat_id")) == str(chat_id):
                sent = call["body"].get("text", "")
        if sent is None:
            time.sleep(0.5)
    if sent and "Automatic answer" in sent:
        ok(f"telegram-gateway polls the Bot API double ({double}); the user got: {sent.splitlines()[0]!r} …")
    elif sent:
        fail(f"the Telegram user got {sent[:200]!r}, expected the FAQ's automatic answer")
    else:
        fail(f"no answer sent to the Telegram user within 45 s (getUpdates called: {polled})")
    finish()


# ---- hubs: a client on every replica ---------------------------------------------------


def dashboards_open(container_id):
    """notify_dashboards_open of one hub, read inside its container (hubs publish no port)."""
    result = podman("exec", container_id, "curl", "-fsS", "http://127.0.0.1:7860/metrics", timeout=20)
    match = re.search(r"^notify_dashboards_open(?:\{[^}]*\})? (\d+)", result.stdout, re.M)
    return int(match.group(1)) if match else -1


def hubs(project, count):
    https_port = int(setting("CHECK_HTTPS_PORT"))
    context = dc.tls_context(setting("CHECK_CAFILE"))
    token = setting("CHECK_ADMIN_TOKEN")
    hub_ids = sorted(c["Id"] for c in containers(project) if service_of(c) == "notify-hub")
    if len(hub_ids) != count:
        fail(f"{len(hub_ids)} notify-hub containers running, expected {count}")
        finish()
    baseline = {hub: dashboards_open(hub) for hub in hub_ids}
    clients = []
    # nginx resolves `notify-hub` again every 10 s (valid=10s) and spreads new connections
    # over the addresses: open clients until every replica holds one (bounded).
    deadline = time.monotonic() + 40
    per_hub = {hub: 0 for hub in hub_ids}
    while time.monotonic() < deadline and len(clients) < 60:
        status, ws = open_dashboard(https_port, context, token)
        if ws is None:
            fail(f"wss:// /notify: {status}")
            break
        clients.append(ws)
        per_hub = {hub: dashboards_open(hub) - baseline[hub] for hub in hub_ids}
        if all(n > 0 for n in per_hub.values()):
            break
        time.sleep(0.3)
    spread = ", ".join(str(n) for n in per_hub.values())
    if all(n > 0 for n in per_hub.values()):
        ok(f"{len(clients)} wss:// /notify clients through nginx, spread over the {count} hubs: {spread}")
    else:
        fail(f"after {len(clients)} clients, not every hub holds one ({spread})")
    marker = f"compose-check scale {uuid.uuid4()}"
    status, _, _ = ingest(https_port, context, f"The coffee machine {marker} makes tea", "compose-check-scale")
    if not 200 <= status < 300:
        fail(f"https POST /api/ingest: {status}")
    received = sum(1 for ws in clients if receive_marker(ws, marker, 20))
    if received == len(clients) and clients:
        ok(f"the ingest's event reached all {received} clients, on every hub")
    else:
        fail(f"the ingest's event reached {received} of {len(clients)} clients")
    for ws in clients:
        ws.close()
    finish()


# ---- stopped: graceful stop ------------------------------------------------------------


def finished_at(state):
    """A container's FinishedAt as seconds since the epoch (podman writes nanoseconds)."""
    from datetime import datetime

    text = re.sub(r"(\.\d{6})\d*", r"\1", state.get("FinishedAt", ""))
    text = re.sub(r" [A-Z]+$", "", text.replace("T", " ").replace("Z", " +0000"))
    for layout in ("%Y-%m-%d %H:%M:%S.%f %z", "%Y-%m-%d %H:%M:%S %z"):
        try:
            return datetime.strptime(text.strip(), layout).timestamp()
        except ValueError:
            pass
    return None


def stopped(project, stop_started):
    """After `docker-compose stop` (begun at `stop_started`, epoch seconds): the services'
    processes ended by themselves on SIGTERM (exit 0), not killed at the end of the grace
    period (137); how long each took."""
    by_service = {}
    for container in containers(project, all_states=True):
        by_service.setdefault(service_of(container), []).append(container.get("State", {}))
    for service in sorted(by_service, key=lambda s: (s not in SERVICES, s)):
        states = by_service[service]
        codes = [s.get("ExitCode") for s in states]
        running = [s for s in states if s.get("Status") != "exited"]
        ends = [finished_at(s) for s in states]
        took = max((e - stop_started for e in ends if e), default=None)
        timing = f", {took:.1f} s after stop began" if took is not None and service != "migrate" else ""
        if service not in SERVICES:
            print(f"  info {service}: exit {codes}{timing}")
        elif states and not running and all(code == 0 for code in codes):
            ok(f"{service}: {len(states)} container(s) exited 0 on SIGTERM{timing}")
        else:
            fail(f"{service}: exit codes {codes}, {len(running)} not stopped")
    for service in SERVICES:
        if service not in by_service:
            fail(f"{service}: no container")
    finish()


# ---- k8s-env ---------------------------------------------------------------------------

# Read by a library rather than by the services' own settings: libpq (the PG* variables,
# e.g. PGPASSWORD when DATABASE_URL carries none) and Foundation (XDG_CACHE_HOME, where
# URLSession's cache goes on a read-only root filesystem).
LIBRARY_VARIABLES = {"XDG_CACHE_HOME"}
LIBPQ_PREFIX = "PG"


def settings_in_help(path):
    """The setting names an executable's `--help` lists (left column, `A / B / C` allowed)."""
    names = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^  ([A-Z][A-Z0-9_]*(?: / [A-Z][A-Z0-9_]*)*)\s", line)
            if m:
                names.update(m.group(1).split(" / "))
    return names


def k8s_env(directory, help_files):
    import yaml

    read = set()
    for path in help_files:
        read |= settings_in_help(path)
    if len(read) < 20:
        fail(f"only {len(read)} settings found in the services' --help ({', '.join(help_files)})")
        finish()
    documents = []
    for name in sorted(os.listdir(directory)):
        if name.endswith((".yaml", ".yml")) and name != "kustomization.yaml":
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                documents += [(name, d) for d in yaml.safe_load_all(f) if d]
    set_by = {}
    for name, doc in documents:
        if doc["kind"] in ("ConfigMap", "Secret"):
            for key in list((doc.get("data") or {})) + list((doc.get("stringData") or {})):
                set_by.setdefault(key, []).append(f"{doc['kind']} {doc['metadata']['name']}")
        spec = doc.get("spec") or {}
        pod = ((spec.get("jobTemplate") or {}).get("spec") or spec).get("template", {}).get("spec", {})
        for container in pod.get("containers", []) + pod.get("initContainers", []):
            for variable in container.get("env", []):
                set_by.setdefault(variable["name"], []).append(f"{doc['kind']} {doc['metadata']['name']}")
    unknown = sorted(n for n in set_by if n not in read and n not in LIBRARY_VARIABLES
                     and not n.startswith(LIBPQ_PREFIX))
    if unknown:
        for name in unknown:
            fail(f"{name} (set by {', '.join(set_by[name])}) is read by none of the services")
    else:
        extra = sorted(n for n in set_by if n not in read)
        ok(f"all {len(set_by)} variables the manifests set are read by the services"
           + (f" ({', '.join(extra)}: by the libraries they use)" if extra else ""))
    finish()


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "health":
        health(sys.argv[2], float(sys.argv[3]))
    elif command == "wait-healthy":
        expected = {a.split("=")[0]: int(a.split("=")[1]) for a in sys.argv[4:]}
        wait_healthy(sys.argv[2], float(sys.argv[3]), expected)
    elif command == "stack":
        stack()
    elif command == "hubs":
        hubs(sys.argv[2], int(sys.argv[3]))
    elif command == "stopped":
        stopped(sys.argv[2], float(sys.argv[3]))
    elif command == "k8s-env":
        k8s_env(sys.argv[2], sys.argv[3:])
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
