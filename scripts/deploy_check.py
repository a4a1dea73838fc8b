#!/usr/bin/env python3
"""Checks of deploy/ and docker-compose.yml, called by scripts/deploy-check.sh.

Standard library only (plus PyYAML, which Debian's python3 has):

  deploy_check.py settings             .env.example, the k8s ConfigMap and Secret name every setting of CONTRACT §2
  deploy_check.py compose CONFIG SRC   CONFIG: `docker-compose config` of SRC (docker-compose.yml); Redis's ceiling
  deploy_check.py k8s DIR              the manifests parse; probes, selectors, references hold
  deploy_check.py render TEMPLATE OUT  fills in ${SB_…} from the environment (like the nginx image's envsubst)
  deploy_check.py runtime-libs IMAGE DOCKERFILE   the staged image's libraries are all provided
  deploy_check.py edge                 through nginx: wss:// /notify gets an event, https API, limits;
                                       the public surface (internal paths, HSTS, tickets, logs, per-address limits)
  deploy_check.py telegram-double PORT LOG [HOST]   a Bot API stand-in on HOST:PORT (127.0.0.1), webhook
                                       or polling; each call appended to LOG
Each prints what it checked and exits 1 with the reasons on a failure.
"""

import base64
import hashlib
import http.client
import json
import os
import re
import socket
import ssl
import struct
import subprocess
import sys
import time
import uuid

import yaml

# CONTRACT §2, every name.
CONTRACT_SETTINGS = """
INGEST_PORT GATEWAY_PORT RELAY_PORT BIND_ADDRESS REDIS_URL DATABASE_URL TELEGRAM_TOKEN
TELEGRAM_API_BASE TELEGRAM_MODE WEBHOOK_URL WEBHOOK_PATH WEBHOOK_SECRET POLL_TIMEOUT BACKEND_URL
OPERATOR_CHAT_ID ADMIN_USER_IDS ADMIN_API_TOKEN WEBSOCKET_SERVER WEBSOCKET_PORT WEBSOCKET_PATH
FAQ_FILE FAQ_SIMILARITY_THRESHOLD OPENAI_API_KEY OPENAI_BASE_URL OPENAI_MODEL EVENTS_CHANNEL
MAX_CONNECTIONS LOG_LEVEL
""".split()

SERVICES = {"ingest-api": 8000, "telegram-gateway": 8081, "notify-hub": 7860, "operator-relay": 8082}

failures = []


def fail(message):
    failures.append(message)
    print(f"  FAIL {message}")


def ok(message):
    print(f"  ok   {message}")


def finish():
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)


# ---- settings --------------------------------------------------------------------------


def check_settings():
    names = set()
    with open(".env.example", encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*([A-Z][A-Z0-9_]*)=", line)
            if m:
                names.add(m.group(1))
    missing = [n for n in CONTRACT_SETTINGS if n not in names]
    if missing:
        fail(f".env.example lacks {', '.join(missing)}")
    else:
        ok(f".env.example documents all {len(CONTRACT_SETTINGS)} settings of CONTRACT §2")
    k8s = set()
    for path in ("deploy/k8s/config.yaml", "deploy/k8s/secret.yaml"):
        with open(path, encoding="utf-8") as f:
            for doc in yaml.safe_load_all(f):
                if doc:
                    k8s.update((doc.get("data") or {}).keys())
                    k8s.update((doc.get("stringData") or {}).keys())
    missing = [n for n in CONTRACT_SETTINGS if n not in k8s]
    if missing:
        fail(f"the k8s ConfigMap/Secret lack {', '.join(missing)}")
    else:
        ok("the k8s ConfigMap and Secret carry every setting")
    finish()


# ---- compose ---------------------------------------------------------------------------


def check_compose(path, source):
    """`path`: what `docker-compose config` made of `source` (the repository's file)."""
    with open(path, encoding="utf-8") as f:
        config = yaml.safe_load(f)
    with open(source, encoding="utf-8") as f:
        raw = yaml.safe_load(f)  # PyYAML resolves the anchors and merge keys too
    services = config.get("services", {})
    expected = {"redis", "postgres", "migrate", "nginx", *SERVICES}
    if set(services) != expected:
        fail(f"services are {sorted(services)}, expected {sorted(expected)}")
    else:
        ok(f"services: {', '.join(sorted(services))}")

    redis = services.get("redis", {})
    command = redis.get("command") or []
    command = command.split() if isinstance(command, str) else command
    if "--appendonly" in command and command[command.index("--appendonly") + 1] == "yes":
        ok("redis: appendonly yes")
    else:
        fail("redis: not started with --appendonly yes")
    if not redis.get("volumes"):
        fail("redis: no volume for its data")

    postgres = services.get("postgres", {})
    if postgres.get("volumes") and postgres.get("healthcheck"):
        ok("postgres: volume and healthcheck")
    else:
        fail("postgres: needs a volume and a healthcheck")

    migrate = services.get("migrate", {})
    if migrate.get("command") == ["ingest-api", "migrate"] and str(migrate.get("restart", "no")) in ("no", "False"):
        ok("migrate: one-shot `ingest-api migrate`")
    else:
        fail(f"migrate: command {migrate.get('command')} restart {migrate.get('restart')}")

    for name in SERVICES:
        service = services.get(name, {})
        problems = []
        if service.get("command") != [name]:
            problems.append(f"command {service.get('command')}")
        health = service.get("healthcheck") or {}
        if "readyz" not in " ".join(health.get("test", [])):
            problems.append("no /readyz healthcheck")
        if service.get("restart") not in ("always", "unless-stopped", "on-failure"):
            problems.append(f"restart {service.get('restart')}")
        depends = service.get("depends_on") or {}
        if name == "ingest-api" and (depends.get("migrate") or {}).get("condition") != "service_completed_successfully":
            problems.append("does not wait for migrate")
        env = service.get("environment") or {}
        if env.get("BIND_ADDRESS") != "0.0.0.0":
            problems.append("BIND_ADDRESS is not 0.0.0.0")
        env_file = raw["services"].get(name, {}).get("env_file") or []
        if ".env" not in ([env_file] if isinstance(env_file, str) else env_file):
            problems.append("settings not from .env")
        if problems:
            fail(f"{name}: {'; '.join(problems)}")
        else:
            ok(f"{name}: healthcheck on /readyz, restart {service['restart']}, settings from .env")

    hub = services.get("notify-hub", {})
    if hub.get("ports") or hub.get("container_name"):
        fail("notify-hub: fixed ports or container_name would break --scale")
    else:
        ok("notify-hub: no host ports, no container_name (scales)")
    exposed = [n for n in SERVICES if services.get(n, {}).get("ports")]
    if exposed:
        fail(f"only nginx should publish ports, also: {exposed}")

    nginx = services.get("nginx", {})
    env = nginx.get("environment") or {}
    if env.get("SB_HUB", "").startswith("notify-hub:") and env.get("SB_RESOLVER"):
        ok("nginx: reaches the hubs by service name through Docker's DNS")
    else:
        fail("nginx: SB_HUB must name the notify-hub service and SB_RESOLVER be set")
    # Host paths of the bind mounts and the build: they must exist in the repository
    # (config ran in a scratch project directory, so map them back).
    project = os.path.dirname(os.path.abspath(path))
    for volume in nginx.get("volumes") or []:
        source = volume.get("source") if isinstance(volume, dict) else str(volume).split(":")[0]
        relative = os.path.relpath(source, project)
        if relative.startswith("deploy/nginx/certs"):
            continue  # made by deploy/nginx/self-signed-cert.sh or by the user
        if not os.path.exists(relative):
            fail(f"nginx mounts {relative}, which is not in the repository")
    for name in SERVICES:
        build = services.get(name, {}).get("build") or {}
        dockerfile = build.get("dockerfile", "")
        if not os.path.exists(dockerfile):
            fail(f"{name}: build dockerfile {dockerfile} missing")
    finish()


# ---- k8s -------------------------------------------------------------------------------


def check_k8s(directory):
    docs = []
    for name in sorted(os.listdir(directory)):
        if not name.endswith((".yaml", ".yml")):
            continue
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            try:
                loaded = [d for d in yaml.safe_load_all(f) if d]
            except yaml.YAMLError as error:
                fail(f"{name}: {error}")
                continue
        for doc in loaded:
            if name == "kustomization.yaml":
                for resource in doc.get("resources", []):
                    if not os.path.exists(os.path.join(directory, resource)):
                        fail(f"kustomization names {resource}, which does not exist")
                continue
            if not all(k in doc for k in ("apiVersion", "kind", "metadata")) or "name" not in doc["metadata"]:
                fail(f"{name}: a document without apiVersion/kind/metadata.name")
                continue
            docs.append((name, doc))
    ok(f"{len(docs)} manifests parse")
    kinds = {}
    for _, doc in docs:
        kinds.setdefault(doc["kind"], {})[doc["metadata"]["name"]] = doc

    for kind in ("Deployment", "Service", "Ingress", "HorizontalPodAutoscaler", "Secret", "ConfigMap",
                 "PodDisruptionBudget", "Job"):
        if kind not in kinds:
            fail(f"no {kind}")

    deployments = kinds.get("Deployment", {})
    for service in SERVICES:
        if service not in deployments:
            fail(f"no Deployment {service}")

    def pod_labels(workload):
        return workload["spec"]["template"]["metadata"].get("labels", {})

    def matches(selector, labels):
        return bool(selector) and all(labels.get(k) == v for k, v in selector.items())

    probed = 0
    for source, doc in docs:
        if doc["kind"] not in ("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"):
            continue
        spec = doc["spec"]
        if doc["kind"] == "CronJob":
            spec = spec["jobTemplate"]["spec"]
        pod = spec["template"]["spec"]
        name = doc["metadata"]["name"]
        if doc["kind"] != "Job" and not matches(spec.get("selector", {}).get("matchLabels"), pod_labels(doc)):
            fail(f"{name}: selector does not match its pod labels")
        for container in pod.get("containers", []) + pod.get("initContainers", []):
            where = f"{doc['kind']} {name}, container {container['name']}"
            for ref in container.get("envFrom", []):
                for key, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
                    if key in ref and ref[key]["name"] not in kinds.get(kind, {}):
                        fail(f"{where}: {kind} {ref[key]['name']} is not in {directory}")
            if doc["kind"] in ("Job", "CronJob"):
                # A one-shot (the migration) serves nothing to probe; it only has to finish.
                if pod.get("restartPolicy") not in ("OnFailure", "Never"):
                    fail(f"{where}: a Job needs restartPolicy OnFailure or Never")
                else:
                    ok(f"{where}: one-shot ({' '.join(container.get('command', []))}), no probes needed")
                continue
            ports = {p.get("name"): p["containerPort"] for p in container.get("ports", [])}
            for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")):
                spec_probe = container.get(probe)
                if not spec_probe:
                    fail(f"{where}: no {probe}")
                    continue
                get = spec_probe.get("httpGet") or {}
                if get.get("path") != path:
                    fail(f"{where}: {probe} on {get.get('path')}, expected {path}")
                port = get.get("port")
                if isinstance(port, str) and port not in ports:
                    fail(f"{where}: {probe} names port {port}, which the container does not declare")
            expected_port = SERVICES.get(container.get("command", [""])[0])
            if expected_port and expected_port not in ports.values():
                fail(f"{where}: does not declare port {expected_port}")
            probed += 1
            ok(f"{where}: readiness /readyz, liveness /healthz")
    if not probed:
        fail("no long-running container found")

    services = kinds.get("Service", {})
    for name, service in services.items():
        selector = service["spec"].get("selector", {})
        targets = [d for d in deployments.values() if matches(selector, pod_labels(d))]
        if not targets:
            fail(f"Service {name} selects no Deployment")
    for name, ingress in kinds.get("Ingress", {}).items():
        for rule in ingress["spec"].get("rules", []):
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                service = services.get(backend["name"])
                if not service:
                    fail(f"Ingress {name} {path['path']}: no Service {backend['name']}")
                    continue
                port = backend["port"]
                names = {p.get("name") for p in service["spec"]["ports"]} | {p["port"] for p in service["spec"]["ports"]}
                if port.get("name", port.get("number")) not in names:
                    fail(f"Ingress {name} {path['path']}: Service {backend['name']} has no port {port}")
    ingress_paths = {
        p["path"]: p["backend"]["service"]["name"]
        for i in kinds.get("Ingress", {}).values() for r in i["spec"]["rules"] for p in r["http"]["paths"]
    }
    for path, service in (("/notify", "notify-hub"), ("/contact", "notify-hub"), ("/api/v1/pipelines", "notify-hub"),
                          ("/", "notify-hub"), ("/api", "ingest-api"), ("/telegram/webhook", "telegram-gateway")):
        if ingress_paths.get(path) != service:
            fail(f"Ingress: {path} should go to {service}, goes to {ingress_paths.get(path)}")
    ws_annotations = [
        i["metadata"].get("annotations", {}) for i in kinds.get("Ingress", {}).values()
        if any(p["path"] == "/notify" for r in i["spec"]["rules"] for p in r["http"]["paths"])
    ]
    if not ws_annotations or int(ws_annotations[0].get("nginx.ingress.kubernetes.io/proxy-read-timeout", "60")) < 600:
        fail("Ingress: the WebSocket paths need a long proxy-read-timeout")
    else:
        ok("Ingress: WebSocket paths to notify-hub with long time-outs; /api to ingest-api; webhook to the gateway")
    for name, hpa in kinds.get("HorizontalPodAutoscaler", {}).items():
        target = hpa["spec"]["scaleTargetRef"]
        if target["name"] not in kinds.get(target["kind"], {}):
            fail(f"HPA {name} targets a missing {target['kind']} {target['name']}")
        else:
            ok(f"HPA {name} scales {target['kind']} {target['name']} "
               f"{hpa['spec']['minReplicas']}..{hpa['spec']['maxReplicas']}")
    for name, pdb in kinds.get("PodDisruptionBudget", {}).items():
        selector = pdb["spec"]["selector"]["matchLabels"]
        if not any(matches(selector, pod_labels(d)) for d in deployments.values()):
            fail(f"PodDisruptionBudget {name} selects no Deployment")
    finish()


# ---- render ----------------------------------------------------------------------------


def render(template, out):
    """Like the nginx image's envsubst with NGINX_ENVSUBST_FILTER=^SB_, but an unset SB_
    variable is an error instead of being left in the output."""
    with open(template, encoding="utf-8") as f:
        text = f.read()
    missing = set()

    def substitute(match):
        name = match.group(1) or match.group(2)
        if name not in os.environ:
            missing.add(name)
            return match.group(0)
        return os.environ[name]

    text = re.sub(r"\$\{(SB_[A-Z0-9_]+)\}|\$(SB_[A-Z0-9_]+)", substitute, text)
    if missing:
        fail(f"{template}: {', '.join(sorted(missing))} not set")
        finish()
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)


# ---- runtime-libs ----------------------------------------------------------------------


def needed(path):
    output = subprocess.run(["readelf", "-d", path], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", output)


def package_of(library):
    cache = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    paths = re.findall(rf"^\s+{re.escape(library)} \([^)]*x86-64[^)]*\) => (\S+)$", cache, re.M)
    paths += re.findall(rf"^\s+{re.escape(library)} \([^)]*\) => (\S+)$", cache, re.M)
    for path in paths:
        for candidate in (path, os.path.realpath(path), path.replace("/usr/lib/", "/lib/", 1),
                          path.replace("/lib/", "/usr/lib/", 1)):
            result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
            if result.returncode == 0:
                return result.stdout.split(":")[0]
    return None


def check_runtime_libs(image, dockerfile):
    with open(dockerfile, encoding="utf-8") as f:
        m = re.search(r'^ARG RUNTIME_PACKAGES="([^"]+)"', f.read(), re.M)
    if not m:
        fail(f"{dockerfile}: no ARG RUNTIME_PACKAGES=\"…\" line")
        finish()
    packages = set(m.group(1).split())
    # In debian:bookworm-slim already: glibc, libgcc, libstdc++ (apt needs it).
    base = {"libc6", "libgcc-s1", "libstdc++6"}
    swift_dir = os.path.join(image, "usr/lib/swift/linux")
    staged = set(os.listdir(swift_dir))
    objects = [os.path.join(image, "app/bin", e) for e in SERVICES] + [os.path.join(swift_dir, s) for s in staged]
    system = set()
    for path in objects:
        for library in needed(path):
            if library not in staged:
                system.add(library)
    provided = []
    for library in sorted(system):
        package = package_of(library)
        if package is None:
            fail(f"{library}: no Debian package provides it here")
        elif package.split(":")[0] not in packages | base:
            fail(f"{library} comes from {package}, which RUNTIME_PACKAGES in {dockerfile} does not install")
        else:
            provided.append(f"{library} ({package.split(':')[0]})")
    ok(f"{len(staged)} Swift libraries staged; system libraries all provided: {', '.join(provided)}")
    finish()


# ---- edge (through nginx) --------------------------------------------------------------


class WebSocket:
    """A minimal RFC 6455 client over an already-upgraded TLS socket."""

    def __init__(self, sock, buffered):
        self.sock = sock
        self.buffer = buffered

    def _read(self, count):
        while len(self.buffer) < count:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def send(self, opcode, payload):
        header = bytes([0x80 | opcode])
        length = len(payload)
        if length < 126:
            header += bytes([0x80 | length])
        elif length < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", length)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", length)
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def receive(self):
        """The next text/binary message (answering pings); None on close."""
        message, first_opcode = b"", None
        while True:
            b0, b1 = self._read(2)
            opcode, length = b0 & 0x0F, b1 & 0x7F
            if b1 & 0x80:
                raise ValueError("the server masked a frame")
            if length == 126:
                length = struct.unpack("!H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", self._read(8))[0]
            payload = self._read(length)
            if opcode == 0x9:
                self.send(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            if opcode == 0x8:
                return None
            if opcode != 0x0:
                first_opcode = opcode
            message += payload
            if b0 & 0x80:
                return message.decode("utf-8") if first_opcode == 0x1 else message

    def close(self):
        try:
            self.send(0x8, struct.pack("!H", 1000))
            self.sock.close()
        except OSError:
            pass


def tls_context(cafile):
    context = ssl.create_default_context(cafile=cafile)
    context.check_hostname = True
    return context


def websocket_handshake(port, path, context, timeout=10):
    """Returns (status, headers, WebSocket or None)."""
    raw = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    sock = context.wrap_socket(raw, server_hostname="localhost")
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET {path} HTTP/1.1\r\nHost: localhost:{port}\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and len(lines[0].split()) > 1 else 0
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    if status != 101:
        sock.close()
        return status, headers, None
    accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
    if headers.get("sec-websocket-accept") != accept:
        raise ValueError("wrong Sec-WebSocket-Accept through nginx")
    return status, headers, WebSocket(sock, rest)


def redis_publish(port, channel, message):
    """PUBLISH over RESP; returns the number of subscribers that got it."""
    parts = [b"PUBLISH", channel.encode(), message.encode()]
    command = b"*%d\r\n" % len(parts) + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in parts)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(command)
        reply = sock.recv(64)
    if not reply.startswith(b":"):
        raise ValueError(f"PUBLISH answered {reply!r}")
    return int(reply[1:].split(b"\r\n")[0])


def https_request(port, context, method, path, body=None, headers=None):
    connection = http.client.HTTPSConnection("localhost", port, context=context, timeout=15)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def check_edge():
    https_port = int(os.environ["EDGE_HTTPS_PORT"])
    http_port = int(os.environ["EDGE_HTTP_PORT"])
    context = tls_context(os.environ["EDGE_CAFILE"])
    token = os.environ["EDGE_ADMIN_TOKEN"]
    redis_port = int(os.environ["EDGE_REDIS_PORT"])
    channel = os.environ.get("EDGE_EVENTS_CHANNEL", "switchboard:events")
    webhook_path = os.environ.get("EDGE_WEBHOOK_PATH", "/telegram/webhook")
    webhook_secret = os.environ["EDGE_WEBHOOK_SECRET"]
    telegram_log = os.environ["EDGE_TELEGRAM_LOG"]

    # Plain HTTP only redirects to https.
    connection = http.client.HTTPConnection("127.0.0.1", http_port, timeout=5)
    connection.request("GET", "/notify?x=1", headers={"Host": "localhost"})
    response = connection.getresponse()
    location = response.getheader("Location", "")
    connection.close()
    if response.status == 308 and location == "https://localhost/notify?x=1":
        ok("http:// answers 308 to https://")
    else:
        fail(f"http:// answered {response.status} Location {location!r}")

    # wss:// with a wrong token: the hub refuses before the upgrade, nginx passes the 401 on.
    status, _, ws = websocket_handshake(https_port, "/notify?token=wrong", context)
    if status == 401 and ws is None:
        ok("wss:// /notify with a wrong token: 401")
    else:
        fail(f"wss:// /notify with a wrong token: {status}")
        if ws:
            ws.close()

    # wss:// with the token, then an event published to Redis arrives as a text frame.
    status, _, ws = websocket_handshake(https_port, f"/notify?token={token}", context)
    if ws is None:
        fail(f"wss:// /notify with the token: {status}, expected 101")
    else:
        ok("wss:// /notify: TLS verified against the test CA, 101 Switching Protocols through nginx")
        marker = f"deploy-check {uuid.uuid4()}"
        event = {"type": "broadcast", "timestamp": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
                 "data": {"message": marker}}
        received = None
        deadline = time.monotonic() + 20
        ws.sock.settimeout(0.5)
        while received is None and time.monotonic() < deadline:
            # Publish until the hub has subscribed (PUBLISH counts the subscribers) and the
            # frame comes back; the hub may still be connecting to Redis.
            subscribers = redis_publish(redis_port, channel, json.dumps(event))
            try:
                while True:
                    message = ws.receive()
                    if message is None:
                        raise ConnectionError("closed by the server")
                    if isinstance(message, str) and marker in message:
                        received = message
                        break
            except (socket.timeout, TimeoutError, ssl.SSLError):
                pass
            if subscribers == 0:
                time.sleep(0.2)
        if received is None:
            fail("wss:// /notify: the event published to Redis did not arrive within 20 s")
        else:
            frame = json.loads(received)
            if frame.get("type") == "broadcast" and frame.get("data", {}).get("message") == marker:
                ok("wss:// /notify: the event published to Redis arrived as one text frame, as published")
            else:
                fail(f"wss:// /notify: unexpected frame {received[:200]}")
        # The hub's own JSON ping/pong through the proxy.
        ws.sock.settimeout(10)
        ws.send(0x1, b'{"type":"ping"}')
        answer = None
        while answer is None:
            message = ws.receive()
            if message is None:
                break
            if isinstance(message, str) and '"pong"' in message:
                answer = message
        if answer:
            ok('wss:// /notify: {"type":"ping"} answered with a pong')
        else:
            fail('wss:// /notify: no pong for {"type":"ping"}')
        ws.close()

    # The visitor chat through the same edge (its own location, rate-limited per client).
    status, _, ws = websocket_handshake(https_port, "/contact", context)
    if ws is None:
        fail(f"wss:// /contact: {status}, expected 101")
    else:
        ws.sock.settimeout(10)
        first = ws.receive()
        frame = json.loads(first) if isinstance(first, str) else {}
        if frame.get("type") == "connection_established" and frame.get("client_id"):
            ok("wss:// /contact: connection_established with a client_id")
        else:
            fail(f"wss:// /contact: first frame {first!r:.200}")
        ws.close()

    # The API over https.
    body = json.dumps({"text": "How do I connect to the VPN?", "language": "en", "channel": "api",
                       "chat_id": "deploy-check"}).encode()
    status, headers, answer = https_request(https_port, context, "POST", "/api/ingest", body,
                                            {"Content-Type": "application/json"})
    try:
        parsed = json.loads(answer)
    except ValueError:
        parsed = None
    if 200 <= status < 300 and isinstance(parsed, dict) and parsed.get("status"):
        ok(f"https POST /api/ingest: {status}, status {parsed['status']!r}")
    else:
        fail(f"https POST /api/ingest: {status} {answer[:200]!r}")

    # Limits at the edge.
    status, _, _ = https_request(https_port, context, "POST", "/api/ingest", b"x" * (1024 * 1024 + 1),
                                 {"Content-Type": "application/json"})
    if status == 413:
        ok("a body over 1 MiB: 413 from nginx")
    else:
        fail(f"a body over 1 MiB: {status}")
    status, _, _ = https_request(https_port, context, "GET", "/", headers={"X-Big": "a" * 17000})
    if status in (400, 431, 494):
        ok(f"a header line over 16 KiB: {status}")
    else:
        fail(f"a header line over 16 KiB: {status}")
    status, _, _ = https_request(https_port, context, "GET", "/metrics")
    if status == 404:
        ok("/metrics is not public")
    else:
        fail(f"/metrics through nginx: {status}")
    # The webhook: telegram-gateway runs in webhook mode against the Bot API double. It must
    # have registered https://localhost<path> with its secret, and through nginx a call
    # without the secret gets the gateway's 401 while one with it (the header passed on by
    # nginx) is taken: 200 {}.
    registrations = []
    deadline = time.monotonic() + 15
    while not registrations and time.monotonic() < deadline:
        with open(telegram_log, encoding="utf-8") as f:
            registrations = [json.loads(line) for line in f if '"setWebhook"' in line]
        if not registrations:
            time.sleep(0.2)
    if not registrations:
        fail("telegram-gateway never called setWebhook on the Bot API double")
    else:
        body = registrations[-1]["body"]
        if body.get("url") == f"https://localhost{webhook_path}" and body.get("secret_token") == webhook_secret:
            ok(f"telegram-gateway registered its webhook (setWebhook {body['url']}, with the secret)")
        else:
            fail(f"setWebhook called with {body!r}")
    update = json.dumps({"update_id": 1}).encode()
    status, _, answer = https_request(https_port, context, "POST", webhook_path, update,
                                      {"Content-Type": "application/json"})
    if status == 401 and b"unauthorized" in answer:
        ok(f"https POST {webhook_path} without the secret: 401 from telegram-gateway")
    else:
        fail(f"https POST {webhook_path} without the secret: {status} {answer[:200]!r}, expected the gateway's 401")
    status, _, answer = https_request(https_port, context, "POST", webhook_path, update,
                                      {"Content-Type": "application/json",
                                       "X-Telegram-Bot-Api-Secret-Token": webhook_secret})
    if status == 200 and answer.strip() == b"{}":
        ok(f"https POST {webhook_path} with the secret: 200, update taken by telegram-gateway")
    else:
        fail(f"https POST {webhook_path} with the secret: {status} {answer[:200]!r}, expected 200 {{}}")
    finish()


# ---- telegram-double -------------------------------------------------------------------


def telegram_double(port, log, host="127.0.0.1"):
    """The Bot API double of scripts/telegram_double.py (shared with bench/chaos.py), served
    until interrupted; every call appended as a JSON line {method, body} to `log`."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from telegram_double import main as serve  # noqa: E402 - next to this file

    sys.argv = [sys.argv[0], str(port), log, host]
    serve()


def check_compose_redis_ceiling(path):
    """Issue 15: compose's Redis has a memory ceiling and never evicts (a full Redis must
    refuse writes loudly, not silently drop the outbox or the replay log)."""
    with open(path, encoding="utf-8") as f:
        config = yaml.safe_load(f)
    command = (config.get("services", {}).get("redis", {}).get("command")) or []
    command = command.split() if isinstance(command, str) else [str(part) for part in command]

    def value(flag):
        return command[command.index(flag) + 1] if flag in command[:-1] else None

    ceiling, policy = value("--maxmemory"), value("--maxmemory-policy")
    if ceiling and re.fullmatch(r"[1-9][0-9]*(b|k|kb|m|mb|g|gb)?", ceiling.lower()) and policy == "noeviction":
        ok(f"redis: maxmemory {ceiling} with noeviction")
    else:
        fail(f"redis: needs --maxmemory (got {ceiling!r}) and --maxmemory-policy noeviction (got {policy!r})")
    finish()


# ---- edge: the public surface against an outsider (issue 15) --------------------------
# Kept apart from check_edge (same nginx, same services, run right after it).


def check_edge_public_surface():
    """Through the real nginx: internal paths blocked by prefix, HSTS, the dashboard's
    single-use ticket, no token or ticket in the access log, /api/ and /notify limited per
    address. Runs last: it spends this address's admin budget at the edge on purpose."""
    https_port = int(os.environ["EDGE_HTTPS_PORT"])
    cafile = os.environ["EDGE_CAFILE"]
    context = tls_context(cafile)
    token = os.environ["EDGE_ADMIN_TOKEN"]
    # deploy-check.sh writes nginx's access log beside the certificates' folder.
    access_log = os.environ.get("EDGE_ACCESS_LOG") or os.path.join(
        os.path.dirname(os.path.dirname(cafile)), "access.log")

    # /metrics and /readyz are not public, whatever follows the prefix.
    for path in ("/metrics", "/metrics/", "/metrics/x", "/metrics?x=1", "/readyz", "/readyz/", "/readyz?x"):
        status, _, _ = https_request(https_port, context, "GET", path)
        if status in (403, 404):
            ok(f"{path} through nginx: {status}")
        else:
            fail(f"{path} through nginx: {status}, expected 403 or 404")

    # HSTS on https answers, errors included.
    for path in ("/", "/metrics/"):
        _, headers, _ = https_request(https_port, context, "GET", path)
        hsts = {k.lower(): v for k, v in headers.items()}.get("strict-transport-security", "")
        if "max-age=" in hsts and int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 15552000:
            ok(f"GET {path}: Strict-Transport-Security {hsts!r}")
        else:
            fail(f"GET {path}: no lasting Strict-Transport-Security header ({hsts!r})")

    # The dashboard's way in: a ticket for the token (in a header), then /notify?ticket=.
    status, _, body = https_request(https_port, context, "POST", "/notify/ticket", b"",
                                    {"Authorization": f"Bearer {token}"})
    ticket = (json.loads(body) if status == 200 else {}).get("ticket")
    if ticket:
        ok("POST /notify/ticket through nginx: a ticket for the Bearer token")
        status, _, ws = websocket_handshake(https_port, f"/notify?ticket={ticket}", context)
        if ws is not None:
            ok("wss:// /notify?ticket=: 101")
            ws.close()
        else:
            fail(f"wss:// /notify?ticket=: {status}")
    else:
        fail(f"POST /notify/ticket through nginx: {status} {body[:200]!r}")
    # Scripts keep ?token= (it must not reach the log either).
    status, _, ws = websocket_handshake(https_port, f"/notify?token={token}&since=0", context)
    if ws is not None:
        ws.close()
    else:
        fail(f"wss:// /notify?token=: {status}")

    # The access log has the paths, never a query string with a token or a ticket. WebSocket
    # lines are written when the socket ends: wait for the ticket's line.
    text = ""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with open(access_log, encoding="utf-8", errors="replace") as f:
            text = f.read()
        if "/notify/ticket" in text and text.count("GET /notify ") >= 3:
            break
        time.sleep(0.2)
    leaks = [line for line in text.splitlines() if "token=" in line or "ticket=" in line or token in line]
    if "/notify/ticket" not in text:
        fail(f"{access_log}: no line for POST /notify/ticket")
    elif leaks:
        fail(f"{access_log}: {len(leaks)} line(s) carry a token or ticket, e.g. {leaks[0][:200]!r}")
    else:
        ok(f"the access log names /notify and /notify/ticket without query strings ({len(text.splitlines())} lines)")

    # Per-address limits at the edge: /api/ (and /notify, same budget) answer 429 past a burst
    # no office makes (300, then 10 a second): at most 600 requests on one keep-alive connection.
    # Without a token: ingest-api's own brake answers 429 after ten wrong ones, and this is
    # about nginx's limit (requests without a token are not counted by the brake).
    connection = http.client.HTTPSConnection("localhost", https_port, context=context, timeout=15)
    statuses = []
    try:
        for _ in range(600):
            connection.request("GET", "/api/tickets")
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
            if response.status == 429:
                break
    finally:
        connection.close()
    # (A few of the burst's 300 went to the checks above.)
    if statuses and statuses[-1] == 429 and len(statuses) > 250:
        ok(f"/api/ limited per address at the edge: 429 after {len(statuses) - 1} requests")
    else:
        fail(f"/api/: no 429 within {len(statuses)} requests from one address (last {statuses[-1:]})")
    status, _, ws = websocket_handshake(https_port, f"/notify?token={token}", context)
    if status == 429:
        ok("wss:// /notify limited per address at the edge (429 once the burst is spent)")
    else:
        fail(f"wss:// /notify after the burst: {status}, expected 429")
        if ws:
            ws.close()
    finish()


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "settings":
        check_settings()
    elif command == "compose":
        check_compose(sys.argv[2], sys.argv[3])
        check_compose_redis_ceiling(sys.argv[2])
    elif command == "k8s":
        check_k8s(sys.argv[2])
    elif command == "render":
        render(sys.argv[2], sys.argv[3])
    elif command == "runtime-libs":
        check_runtime_libs(sys.argv[2], sys.argv[3])
    elif command == "edge":
        check_edge()
        check_edge_public_surface()
    elif command == "telegram-double":
        telegram_double(int(sys.argv[2]), sys.argv[3], *sys.argv[4:5])
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
