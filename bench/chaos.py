#!/usr/bin/env python3
"""make chaos (first version): the event outbox under faults, counted from outside.

Starts a private Redis (append-only, as production runs it), a private PostgreSQL, two
ingest-api and two notify-hub instances; sends steady traffic (questions that file tickets, both instances);
meanwhile kills one ingest-api instance with SIGKILL at random moments (and restarts it),
restarts Redis, restarts PostgreSQL. Two "dashboards" follow the event log the way
/notify?since does (resume after the last id seen, on every reconnect). At the end it counts:
every acknowledged question (2xx) stored exactly once in PostgreSQL; every ticket's
new_session seen exactly once by each dashboard; event ids strictly increasing.
The dashboards are WebSocket clients of two notify-hub instances (/notify?since=, reconnecting
to either hub after every drop), and notify-hub is killed with SIGKILL too.

Telegram too: the Bot API double of scripts/telegram_double.py, one telegram-gateway polling
it and two operator-relay instances. Telegram users write questions (an update is acknowledged
once the gateway has confirmed it with its offset; each must be stored once); an operator
answers each user in the operator chat ("chat_id: answer", acknowledged the same way), and
every acknowledged answer must reach its user exactly once and in the order written.
telegram-gateway and operator-relay are killed with SIGKILL in turn too.

Web visitors too: two on /contact and two on /api/v1/pipelines/…/ws/connect (either hub); a
question is acknowledged when its answer arrived, and must be stored once.

Not yet in it: dashboard replies.

Usage: bench/chaos.py [--seconds 300] [--short]   (--short: one fault of each kind, ~45 s)
Prints a table and a last line `chaos: N acknowledged, L lost, D duplicated, O out of order`;
exits 1 unless L, D and O are 0.
"""
import argparse, base64, shutil, json, os, random, re, signal, socket, struct, subprocess, sys, tempfile, threading, time
import http.client

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scripts"))
from telegram_double import TelegramDouble  # noqa: E402 - the shared Bot API double

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOKEN = "chaos-admin-token-0123456789abcdef"
CHANNEL = "chaos:events"
BOT_TOKEN = "123456:chaos-bot-token"
OPERATOR_CHAT = -1000700
OPERATOR = {"id": 5000, "is_bot": False, "first_name": "Olga"}
# A resend after a gateway kill is excused only when the first send was among the last this
# many Bot API calls before the restart (the kill came between send and record), and at most
# this many a restart (the sends in flight at once).
RESEND_WINDOW_CALLS = 20
RESEND_PER_RESTART = 4


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sh(command, check=True):
    return subprocess.run(["bash", "-c", command], cwd=ROOT, check=check, capture_output=True, text=True)


class Redis:
    """A redis-server with an append-only file in its own folder."""

    def __init__(self, folder):
        self.folder, self.port = folder, free_port()

    def start(self):
        subprocess.run(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--dir", self.folder,
             "--daemonize", "yes", "--pidfile", f"{self.folder}/redis.pid", "--logfile", f"{self.folder}/redis.log",
             "--save", "", "--appendonly", "yes", "--appendfsync", "everysec"], check=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        for _ in range(100):
            if self.cli("PING") == "PONG":
                return
            time.sleep(0.1)
        raise SystemExit("chaos: redis did not start")

    def stop(self):
        try:
            pid = int(open(f"{self.folder}/redis.pid").read())
        except OSError:
            return
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except OSError:
                return
            time.sleep(0.1)

    def cli(self, *args):
        result = subprocess.run(["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True)
        return result.stdout.strip()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


class Postgres:
    def __init__(self, folder):
        self.folder, self.port = folder, free_port()

    def start(self):
        sh(f"scripts/postgres.sh start '{self.folder}' {self.port}")

    def restart(self):
        sh(f"scripts/postgres.sh restart '{self.folder}'")

    def remove(self):
        sh(f"scripts/postgres.sh remove '{self.folder}'", check=False)

    @property
    def url(self):
        return f"postgres://switchboard@127.0.0.1:{self.port}/switchboard"

    def query(self, sql):
        result = subprocess.run(
            ["psql", self.url, "-At", "-F", "\t", "-c", sql], capture_output=True, text=True, check=True)
        return [line.split("\t") for line in result.stdout.splitlines() if line]



def launch(binary, env, log_path, port, name):
    """Starts `binary` with `env`, its output appended to `log_path`, and waits up to 10 s for
    its /healthz on `port`; stops the run when it does not answer."""
    log = open(log_path, "a")
    process = subprocess.Popen([binary], env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
    for _ in range(200):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"chaos: {name} did not start")

class Ingest:
    """One ingest-api instance, killed with SIGKILL and started again on the same port."""

    def __init__(self, binary, redis, postgres, logs):
        self.binary, self.redis, self.postgres, self.logs = binary, redis, postgres, logs
        self.port, self.process = free_port(), None

    def start(self):
        env = dict(os.environ, INGEST_PORT=str(self.port), BIND_ADDRESS="127.0.0.1", DATABASE_URL=self.postgres.url,
                   REDIS_URL=self.redis.url, ADMIN_API_TOKEN=TOKEN, EVENTS_CHANNEL=CHANNEL, LOG_LEVEL=os.environ.get("CHAOS_LOG_LEVEL", "warning"))
        self.process = launch(self.binary, env, os.path.join(self.logs, f"ingest-{self.port}.log"), self.port, "ingest-api")

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


class Service:
    """A Telegram-side process (telegram-gateway or operator-relay), killed with SIGKILL and
    started again on the same port and consumer name."""

    def __init__(self, binary, name, port_setting, env, logs):
        self.binary, self.name, self.port_setting, self.env, self.logs = binary, name, port_setting, env, logs
        self.port, self.process = free_port(), None

    def start(self):
        env = dict(os.environ, **self.env, **{self.port_setting: str(self.port)})
        self.process = launch(self.binary, env, os.path.join(self.logs, f"{self.name}-{self.port}.log"), self.port,
                              self.name)

    kill = Ingest.kill
    stop = Ingest.stop


class TelegramUser(threading.Thread):
    """A Telegram user writing questions to the bot through the double, one every ~2 s."""

    def __init__(self, user_id, double, stop):
        super().__init__(daemon=True)
        self.user_id, self.double, self.stop = user_id, double, stop
        self.written = []  # (update_id, text)

    def run(self):
        n = 0
        while not self.stop.is_set():
            n += 1
            text = f"Срочно! Токен VPN выдаёт ошибку tg-{self.user_id}-{n}"
            update_id = self.double.queue_update({"message": {
                "message_id": n, "date": int(time.time()), "text": text,
                "chat": {"id": self.user_id, "type": "private", "first_name": f"U{self.user_id}"},
                "from": {"id": self.user_id, "is_bot": False, "first_name": f"U{self.user_id}"}}})
            self.written.append((update_id, text))
            self.stop.wait(random.uniform(2.5, 3.5))


class Operator(threading.Thread):
    """An operator answering each Telegram user in the operator chat ("chat_id: answer"),
    once the user's first question is in (the relay refuses chats the desk has never seen)."""

    def __init__(self, users, double, stop):
        super().__init__(daemon=True)
        self.users, self.double, self.stop = users, double, stop
        self.written = {user.user_id: [] for user in users}  # user -> [(update_id, answer)]

    def run(self):
        n = 0
        while not self.stop.is_set():
            n += 1
            for user in self.users:
                if not user.written or user.written[0][0] > self.double.confirmed_through:
                    continue
                answer = f"op {user.user_id} {len(self.written[user.user_id]) + 1}"
                update_id = self.double.queue_update({"message": {
                    "message_id": 100000 + n * 100 + len(self.written), "date": int(time.time()),
                    "text": f"{user.user_id}: {answer}",
                    "chat": {"id": OPERATOR_CHAT, "type": "supergroup", "title": "Operators"}, "from": OPERATOR}})
                self.written[user.user_id].append((update_id, answer))
            self.stop.wait(random.uniform(3, 4))


class Sender(threading.Thread):
    """Sends questions that file tickets, one at a time, each in a chat of its own; keeps
    the acknowledged ones (2xx with a message id)."""

    def __init__(self, number, instances, stop):
        super().__init__(daemon=True)
        self.number, self.instances, self.stop = number, instances, stop
        self.acknowledged, self.failed = [], 0

    def run(self):
        n = 0
        while not self.stop.is_set():
            n += 1
            chat = f"chaos-{self.number}-{n}"
            text = f"Срочно! Токен VPN выдаёт ошибку {self.number}-{n}"
            instance = self.instances[n % len(self.instances)]
            body = json.dumps({"text": text, "chat_id": chat})
            try:
                connection = http.client.HTTPConnection("127.0.0.1", instance.port, timeout=10)
                connection.request("POST", "/api/ingest", body=body, headers={
                    "Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}",
                    "Idempotency-Key": chat})
                response = connection.getresponse()
                answer = json.loads(response.read() or b"{}")
                if 200 <= response.status < 300:
                    self.acknowledged.append((chat, text, answer.get("ticket_id"), answer.get("session_id")))
                else:
                    self.failed += 1
            except (OSError, ValueError, http.client.HTTPException):
                self.failed += 1
            time.sleep(0.02)


class WebSocket:
    """The least of a WebSocket client (RFC 6455): text frames in, pongs out, masked."""

    def __init__(self, port, path):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=3)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise OSError("closed during the handshake")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        if not head.startswith(b"HTTP/1.1 101"):
            raise OSError(head.split(b"\r\n")[0].decode(errors="replace"))
        self.sock.settimeout(0.5)

    def send(self, opcode, payload=b""):
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        if len(payload) < 126:
            head = bytes([0x80 | opcode, 0x80 | len(payload)])
        else:
            head = bytes([0x80 | opcode, 0x80 | 126]) + struct.pack(">H", len(payload))
        self.sock.sendall(head + mask + masked)

    def frames(self):
        """Text payloads available now (reads for up to 0.5 s); raises OSError when closed."""
        try:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise OSError("closed")
            self.buffer += chunk
        except socket.timeout:
            pass
        texts = []
        while len(self.buffer) >= 2:
            opcode, length, offset = self.buffer[0] & 0x0F, self.buffer[1] & 0x7F, 2
            if length == 126:
                if len(self.buffer) < 4:
                    break
                length, offset = struct.unpack(">H", self.buffer[2:4])[0], 4
            elif length == 127:
                if len(self.buffer) < 10:
                    break
                length, offset = struct.unpack(">Q", self.buffer[2:10])[0], 10
            if len(self.buffer) < offset + length:
                break
            payload, self.buffer = self.buffer[offset:offset + length], self.buffer[offset + length:]
            if opcode == 1:
                texts.append(payload.decode())
            elif opcode == 9:
                self.send(10, payload)
            elif opcode == 8:
                raise OSError("close frame")
        return texts

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def explain_missed(dashboards, tickets, redis, postgres):
    """For each new_session a dashboard missed, where it stopped: never in the event log
    (the outbox lost it), in the log past what the dashboard had read when it quit (it came
    late), or in the log below what the dashboard read (the hub skipped it)."""
    logged = {}
    raw = redis.cli("--raw", "XRANGE", f"{CHANNEL}:log", "-", "+")
    lines = raw.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("{") and '"new_session"' in line:
            event = json.loads(line)
            if event.get("type") == "new_session":
                logged[event["data"]["session_id"]] = int(event["id"])
    first = next((int(l.split("-")[0]) for l in lines if re.fullmatch(r"\d+-\d+", l)), 0)
    # Every ticket's id, chat and time in one query (hundreds may be missed).
    ticket_of = {row[0]: row[1:] for row in postgres.query(
        "SELECT t.session_id::text, t.id::text, t.chat_id, to_char(t.created_at, 'HH24:MI:SS.MS') "
        "FROM tickets t WHERE t.chat_id LIKE 'chaos-%'")}
    for number, dashboard in enumerate(dashboards):
        for (session,) in tickets:
            if dashboard.sessions.get(session, 0):
                continue
            seen_by = [n for n, other in enumerate(dashboards) if other.sessions.get(session, 0)]
            event_id = logged.get(session)
            if event_id is None:
                where = f"not in the event log (log starts at {first}: trimmed if below)"
            elif event_id > dashboard.last:
                where = f"in the log as {event_id}, after the dashboard's last {dashboard.last}: it came late"
            else:
                where = f"in the log as {event_id}, below the dashboard's last {dashboard.last}: the hub skipped it"
            print(f"chaos: dashboard {number} missed new_session {session} (ticket {ticket_of.get(session)}); "
                  f"seen by dashboards {seen_by}; {where}", flush=True)


class Dashboard(threading.Thread):
    """A /notify dashboard on one of the hubs: after every disconnect it reconnects, to any
    hub, with since = the last id it saw. Counts new_session per session and the id order.
    It listens until the outbox is drained (`drained`: every committed event is in Redis)
    and then 5 s without a frame: a fault near the end (Redis or PostgreSQL restarting, a
    drainer's lease changing hands) delays events by seconds, and a dashboard that left
    before they were published would count them as missed."""

    def __init__(self, hubs, drained):
        super().__init__(daemon=True)
        self.hubs, self.drained, self.quiet_since, self.drained_seen = hubs, drained, None, None
        self.last, self.sessions, self.out_of_order, self.reconnects, self.gaps = 0, {}, 0, 0, 0

    def run(self):
        socket_ = None
        while True:
            if self.drained.is_set():
                self.drained_seen = self.drained_seen or time.time()
                if time.time() - max(self.quiet_since or 0, self.drained_seen) > 5:
                    break
            try:
                if socket_ is None:
                    hub = random.choice(self.hubs)
                    socket_ = WebSocket(hub.port, f"/notify?token={TOKEN}&since={self.last}")
                texts = socket_.frames()
                if texts or self.quiet_since is None:
                    self.quiet_since = time.time()
                for text in texts:
                    self.take(json.loads(text))
            except (OSError, ValueError):
                if socket_:
                    socket_.close()
                socket_ = None
                self.reconnects += 1
                time.sleep(0.3)
        if socket_:
            socket_.close()

    def take(self, event):
        if event.get("type") == "replay":
            self.gaps += event.get("recovered") is False
            return
        event_id = int(event.get("id", 0))
        if event_id <= self.last:
            self.out_of_order += 1
            return
        self.last = event_id
        if event.get("type") == "new_session":
            session = event["data"]["session_id"]
            self.sessions[session] = self.sessions.get(session, 0) + 1


class WebVisitor(threading.Thread):
    """A web visitor on a hub, in one of the two dialects (CONTRACT §6): /contact or
    /api/v1/pipelines/…/ws/connect. Each connection is a chat of its own ("web-" + its id);
    it asks one question at a time, and a question is acknowledged when its answer arrived
    (the answer comes after ingest-api took the question). A drop, an error frame or no
    answer within 20 s: not acknowledged; it connects again (a new chat) to either hub."""

    PIPELINE = "0b6c3f52-9d0e-4c1a-a7b4-5e2f8d9c1a00"

    def __init__(self, number, dialect, hubs, stop):
        super().__init__(daemon=True)
        self.number, self.dialect, self.hubs, self.stop = number, dialect, hubs, stop
        self.acknowledged, self.failed = [], 0  # acknowledged: (chat_id, text)

    def connect(self):
        hub = random.choice(self.hubs)
        if self.dialect == "contact":
            socket_ = WebSocket(hub.port, "/contact")
            kind, id_field = "connection_established", "client_id"
        else:
            socket_ = WebSocket(hub.port, f"/api/v1/pipelines/{self.PIPELINE}/ws/connect?session_type=person")
            kind, id_field = "connected", "connection_id"
        deadline = time.time() + 10
        while time.time() < deadline:
            for text in socket_.frames():
                frame = json.loads(text)
                if frame.get("type") == kind:
                    return socket_, "web-" + frame[id_field]
        raise OSError("no greeting")

    def run(self):
        socket_, chat, n = None, None, 0
        while not self.stop.is_set():
            try:
                if socket_ is None:
                    socket_, chat = self.connect()
                n += 1
                text = f"Срочно! Токен VPN выдаёт ошибку {self.dialect}-{self.number}-{n}"
                if self.dialect == "contact":
                    message = {"type": "chat_message", "message": text, "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S")}
                else:
                    message = {"type": "message", "message": [{"type": "Plain", "text": text}]}
                socket_.send(1, json.dumps(message, ensure_ascii=False).encode())
                if self.answered(socket_):
                    self.acknowledged.append((chat, text))
                else:
                    raise OSError("no answer")
                self.stop.wait(random.uniform(0.5, 1.0))
            except (OSError, ValueError, KeyError):
                self.failed += 1
                if socket_:
                    socket_.close()
                socket_ = None
                time.sleep(0.3)
        if socket_:
            socket_.close()

    def answered(self, socket_):
        deadline = time.time() + 20
        while time.time() < deadline:
            for text in socket_.frames():
                frame = json.loads(text)
                kind = frame.get("type")
                if kind == "error":
                    return False
                if self.dialect == "contact" and kind == "chat_message":
                    return True
                if self.dialect != "contact" and kind == "response" and frame.get("data", {}).get("is_final"):
                    return True
        return False


class Hub:
    """One notify-hub instance, killed with SIGKILL and started again on the same port."""

    def __init__(self, binary, redis, ingest, logs):
        self.binary, self.redis, self.ingest, self.logs = binary, redis, ingest, logs
        self.port, self.process = free_port(), None

    def start(self):
        env = dict(os.environ, WEBSOCKET_PORT=str(self.port), WEBSOCKET_SERVER="127.0.0.1", REDIS_URL=self.redis.url,
                   BACKEND_URL=f"http://127.0.0.1:{self.ingest.port}",
                   ADMIN_API_TOKEN=TOKEN, EVENTS_CHANNEL=CHANNEL, LOG_LEVEL=os.environ.get("CHAOS_LOG_LEVEL", "warning"))
        self.process = launch(self.binary, env, os.path.join(self.logs, f"hub-{self.port}.log"), self.port, "notify-hub")

    kill = Ingest.kill
    stop = Ingest.stop


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--short", action="store_true", help="one fault of each kind (for make test)")
    args = parser.parse_args()
    seconds = 45 if args.short else args.seconds
    for product in ("ingest-api", "notify-hub", "telegram-gateway", "operator-relay"):
        subprocess.run(["swift", "build", "--product", product], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    bin_dir = os.path.join(ROOT, subprocess.run(
        ["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True).stdout.strip())
    binary = os.path.join(bin_dir, "ingest-api")
    work = tempfile.mkdtemp(prefix="switchboard-chaos-")
    os.chmod(work, 0o755)
    redis, postgres = Redis(os.path.join(work, "redis")), Postgres(os.path.join(work, "pg"))
    os.makedirs(redis.folder)
    redis.start()
    postgres.start()
    instances = [Ingest(binary, redis, postgres, work) for _ in range(2)]
    hubs = [Hub(os.path.join(bin_dir, "notify-hub"), redis, instances[n], work) for n in range(2)]
    double = TelegramDouble(free_port()).start()
    telegram = {"TELEGRAM_TOKEN": BOT_TOKEN, "TELEGRAM_API_BASE": f"http://127.0.0.1:{double.port}",
                "POLL_TIMEOUT": "1", "REDIS_URL": redis.url, "OPERATOR_CHAT_ID": str(OPERATOR_CHAT),
                "BIND_ADDRESS": "127.0.0.1", "ADMIN_API_TOKEN": TOKEN, "EVENTS_CHANNEL": CHANNEL, "LOG_LEVEL": os.environ.get("CHAOS_LOG_LEVEL", "warning")}
    gateway = Service(os.path.join(bin_dir, "telegram-gateway"), "telegram-gateway", "GATEWAY_PORT",
                      dict(telegram, BACKEND_URL=f"http://127.0.0.1:{instances[0].port}"), work)
    relays = [Service(os.path.join(bin_dir, "operator-relay"), "operator-relay", "RELAY_PORT",
                      dict(telegram, BACKEND_URL=f"http://127.0.0.1:{instances[n].port}"), work) for n in range(2)]
    stop = threading.Event()
    drained = threading.Event()  # the outbox is empty after the traffic: dashboards may go
    faults = {"kill -9 ingest-api": 0, "kill -9 notify-hub": 0, "kill -9 telegram-gateway": 0,
              "kill -9 operator-relay": 0, "restart Redis": 0, "restart PostgreSQL": 0}
    victims = {"kill -9 ingest-api": instances, "kill -9 notify-hub": hubs, "kill -9 telegram-gateway": [gateway],
               "kill -9 operator-relay": relays}
    try:
        for instance in instances + hubs + [gateway] + relays:
            instance.start()
        senders = [Sender(n, instances, stop) for n in range(4)]
        dashboards = [Dashboard(hubs, drained) for _ in range(2)]
        users = [TelegramUser(700001 + n, double, stop) for n in range(6)]
        operator = Operator(users, double, stop)
        visitors = [WebVisitor(n, dialect, hubs, stop) for n in range(2) for dialect in ("contact", "pipeline")]
        for thread in senders + dashboards + users + [operator] + visitors:
            thread.start()
        started = time.time()
        plan = []
        if args.short:
            plan = [(6, "kill -9 ingest-api"), (12, "kill -9 notify-hub"), (18, "kill -9 telegram-gateway"),
                    (24, "kill -9 operator-relay"), (30, "restart Redis"), (38, "restart PostgreSQL")]
        else:
            kinds = list(faults)
            moment = 10
            while moment < seconds - 30:
                plan.append((moment, kinds[len(plan) % len(kinds)]))
                moment += random.randint(12, 25)
        for moment, kind in plan:
            time.sleep(max(0, started + moment - time.time()))
            faults[kind] += 1
            if kind.startswith("kill -9"):
                victim = random.choice(victims[kind])
                victim.kill()
                time.sleep(random.uniform(0.5, 3))
                victim.start()
            elif kind == "restart Redis":
                redis.stop()
                time.sleep(random.uniform(2, 8))
                redis.start()
            else:
                postgres.restart()
        time.sleep(max(0, started + seconds - time.time()))
        stop.set()
        for thread in senders + users + [operator] + visitors:
            thread.join()
        # Let the outbox drain, then the dashboards catch up.
        deadline = time.time() + 60
        while time.time() < deadline:
            backlog = postgres.query(
                "SELECT count(*) FROM event_outbox WHERE id > (SELECT published_through FROM event_outbox_cursor)")
            if backlog and backlog[0][0] == "0":
                break
            time.sleep(0.5)
        drained.set()
        # Every acknowledged operator answer delivered (or a minute passed).
        def telegram_acknowledged():
            through = double.confirmed_through
            return ([(u.user_id, t) for u in users for i, t in u.written if i <= through],
                    {user: [a for i, a in written if i <= through] for user, written in operator.written.items()})

        def delivered(with_positions=False):
            seen = {user.user_id: [] for user in users}
            for position, (method, body) in enumerate(list(double.calls)):
                text = str(body.get("text", ""))
                # "Operator reply: …", in the user's language (the questions are Russian).
                answer = re.search(r"(op \d+ \d+)$", text)
                if method == "sendMessage" and answer and body.get("chat_id") in seen:
                    seen[body["chat_id"]].append((position, answer.group(1)) if with_positions else answer.group(1))
            return seen

        def gateway_starts():
            # A starting gateway (polling) first deletes any webhook: one call per start.
            return [position for position, (method, _) in enumerate(list(double.calls)) if method == "deleteWebhook"]

        deadline = time.time() + 60
        while time.time() < deadline:
            # First every queued update confirmed by the gateway, then the answers delivered.
            if double.confirmed_through < double.next_update - 1:
                time.sleep(0.5)
                continue
            _, answers = telegram_acknowledged()
            deliveries = delivered()
            if all(set(answers[user]) <= set(deliveries[user]) for user in answers):
                break
            time.sleep(0.5)
        time.sleep(3)
        for dashboard in dashboards:
            dashboard.join(timeout=30)
        telegram_messages, answers = telegram_acknowledged()
        deliveries = delivered()
        with open(os.path.join(work, "telegram-calls.jsonl"), "w", encoding="utf-8") as calls:
            for method, body in list(double.calls):
                calls.write(json.dumps({"method": method, "body": body}, ensure_ascii=False) + "\n")
        stored_telegram = {}
        for chat, text, count in postgres.query(
                "SELECT chat_id, text, count(*) FROM messages WHERE chat_id LIKE '7000%' AND sender = 'user' "
                "GROUP BY chat_id, text"):
            stored_telegram[(int(chat), text)] = int(count)
        # A question the gateway could not hand to ingest-api (killed at that moment) gets the
        # "connection error" answer of CONTRACT §4: refused, the user knows; not lost.
        refused = {user.user_id: 0 for user in users}
        for method, body in double.sent():
            if method == "sendMessage" and body.get("chat_id") in refused and str(body.get("text", "")).startswith(
                    ("Connection error", "Ошибка подключения")):
                refused[body["chat_id"]] += 1
        missing = {user.user_id: 0 for user in users}
        for key in telegram_messages:
            missing[key[0]] += stored_telegram.get(key, 0) == 0
        lost_telegram = sum(max(0, missing[user] - refused[user]) for user in missing)
        web = [a for v in visitors for a in v.acknowledged]
        stored_web = {(chat, text): int(count) for chat, text, count in postgres.query(
            "SELECT chat_id, text, count(*) FROM messages WHERE chat_id LIKE 'web-%' AND sender = 'user' "
            "GROUP BY chat_id, text")}
        lost_web = sum(1 for key in web if stored_web.get(key, 0) == 0)
        duplicated_web = sum(1 for key in web if stored_web.get(key, 0) > 1)
        with open(os.path.join(work, "telegram-unstored.jsonl"), "w", encoding="utf-8") as unstored:
            for user in users:
                for update_id, text in user.written:
                    if stored_telegram.get((user.user_id, text), 0) == 0:
                        unstored.write(json.dumps({"update_id": update_id, "chat": user.user_id, "text": text,
                                                   "confirmed": update_id <= double.confirmed_through},
                                                  ensure_ascii=False) + "\n")
        duplicated_telegram = sum(1 for key in telegram_messages if stored_telegram.get(key, 0) > 1)
        lost_answers = duplicated_answers = answers_out_of_order = resent_after_kill = 0
        starts, positioned = gateway_starts(), delivered(with_positions=True)
        for user, written in answers.items():
            got = deliveries[user]
            lost_answers += sum(1 for a in written if a not in got)
            # A second send of an answer is a duplicate, unless the first was among the last
            # calls the gateway made before it was killed and started again: it was killed after
            # Telegram took the message and before it could record that (the Bot API has no
            # idempotency key; nothing can close that window). A resend whose first send lies
            # further back is a lost record, a duplicate.
            first_sent = {}
            for position, answer_text in positioned[user]:
                if answer_text not in first_sent:
                    first_sent[answer_text] = position
                elif any(first_sent[answer_text] < start < position
                         and start - first_sent[answer_text] <= RESEND_WINDOW_CALLS for start in starts):
                    resent_after_kill += 1
                else:
                    duplicated_answers += 1
            order = [a for a in dict.fromkeys(got) if a in written]
            answers_out_of_order += sum(1 for x, y in zip(order, order[1:]) if written.index(x) > written.index(y))

        # At most the sends in flight at each kill can be excused: the gateway sends a few
        # chats' parts at once, so more than a handful per restart is a broken record.
        excusable = RESEND_PER_RESTART * max(0, len(starts) - 1)
        if resent_after_kill > excusable:
            duplicated_answers += resent_after_kill - excusable
            resent_after_kill = excusable
        acknowledged = [a for s in senders for a in s.acknowledged]
        stored = {row[0]: int(row[1]) for row in postgres.query(
            "SELECT chat_id, count(*) FROM messages WHERE chat_id LIKE 'chaos-%' AND sender = 'user' GROUP BY chat_id")}
        tickets = postgres.query(
            "SELECT t.session_id::text FROM tickets t WHERE t.chat_id LIKE 'chaos-%'")
        lost_messages = sum(1 for chat, *_ in acknowledged if stored.get(chat, 0) == 0)
        duplicated_messages = sum(1 for chat, *_ in acknowledged if stored.get(chat, 0) > 1)
        lost_events = duplicated_events = 0
        for dashboard in dashboards:
            for (session,) in tickets:
                seen = dashboard.sessions.get(session, 0)
                lost_events += seen == 0
                duplicated_events += seen > 1
        if lost_events:
            explain_missed(dashboards, tickets, redis, postgres)
        out_of_order = sum(d.out_of_order for d in dashboards) + answers_out_of_order
        lost = lost_messages + lost_events + sum(d.gaps for d in dashboards) + lost_telegram + lost_answers + lost_web
        duplicated = duplicated_messages + duplicated_events + duplicated_telegram + duplicated_answers + duplicated_web
        total = len(acknowledged) + len(telegram_messages) + sum(len(a) for a in answers.values()) + len(web)
        rows = [
            ("seconds", seconds), ("requests acknowledged (2xx)", len(acknowledged)),
            ("requests refused or failed (not acknowledged)", sum(s.failed for s in senders)),
            ("tickets in PostgreSQL", len(tickets)),
            *[(f"fault: {kind}", count) for kind, count in faults.items()],
            ("questions lost (acknowledged, not stored)", lost_messages),
            ("questions stored twice", duplicated_messages),
            ("new_session missed by a dashboard", lost_events),
            ("new_session seen twice by a dashboard", duplicated_events),
            ("events out of order", out_of_order),
            ("dashboard reconnects (since = last id)", sum(d.reconnects for d in dashboards)),
            ("replays that could not cover a gap", sum(d.gaps for d in dashboards)),
            ("web visitor questions answered (/contact)", sum(len(v.acknowledged) for v in visitors if v.dialect == "contact")),
            ("web visitor questions answered (/api/v1/pipelines)",
             sum(len(v.acknowledged) for v in visitors if v.dialect != "contact")),
            ("web visitor questions not answered (drop, error, 20 s)", sum(v.failed for v in visitors)),
            ("web visitor questions lost (answered, not stored)", lost_web),
            ("web visitor questions stored twice", duplicated_web),
            ("Telegram questions acknowledged (update confirmed)", len(telegram_messages)),
            ("Telegram questions refused (user told: connection error)", sum(refused.values())),
            ("Telegram questions lost (confirmed, not stored, not refused)", lost_telegram),
            ("Telegram questions stored twice", duplicated_telegram),
            ("operator answers acknowledged (update confirmed)", sum(len(a) for a in answers.values())),
            ("operator answers delivered", sum(len(set(s)) for s in deliveries.values())),
            ("operator answers lost", lost_answers),
            ("operator answers delivered twice", duplicated_answers),
            ("operator answers sent again: gateway killed between send and record", resent_after_kill),
            ("operator answers out of order (per chat)", answers_out_of_order),
        ]
        width = max(len(name) for name, _ in rows)
        for name, value in rows:
            print(f"| {name.ljust(width)} | {str(value).rjust(7)} |")
        print(f"chaos: {total} acknowledged, {lost} lost, {duplicated} duplicated, {out_of_order} out of order")
        passed = lost == duplicated == out_of_order == 0 and bool(acknowledged) and bool(telegram_messages)
        if not passed:
            # What the durable streams still hold, for the post-mortem.
            with open(os.path.join(work, "redis-streams.txt"), "w") as state:
                for key in ("switchboard:telegram:updates", "switchboard:telegram:outbox", "switchboard:relay:inbox",
                            "switchboard:operator-replies"):
                    group = {"switchboard:telegram:outbox": "senders", "switchboard:telegram:updates": "gateway"}.get(
                        key, "relay")
                    state.write(f"== {key}: XLEN {redis.cli('XLEN', key)}\n{redis.cli('XINFO', 'GROUPS', key)}\n"
                                f"{redis.cli('XPENDING', key, group, '-', '+', '50')}\n")
                    state.write(redis.cli("XRANGE", key, "-", "+", "COUNT", "20") + "\n")
                for lane in redis.cli("KEYS", "*:lane:*").split():
                    state.write(f"-- {lane}: {redis.cli('LRANGE', lane, '0', '-1')}\n")
                state.write(redis.cli("KEYS", "*") + "\n")
            print(f"chaos: the services' logs are in {work}", file=sys.stderr)
        return 0 if passed else 1
    finally:
        stop.set()
        drained.set()
        for instance in relays + [gateway] + hubs + instances:
            instance.stop()
        double.stop()
        redis.stop()
        postgres.remove()
        if not os.path.exists(os.path.join(work, "keep")) and "passed" in locals() and passed:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
