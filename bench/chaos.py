#!/usr/bin/env python3
"""make chaos (first version): the event outbox under faults, counted from outside.

Starts a private Redis (append-only, as production runs it), a private PostgreSQL and two
ingest-api instances; sends steady traffic (questions that file tickets, both instances);
meanwhile kills one ingest-api instance with SIGKILL at random moments (and restarts it),
restarts Redis, restarts PostgreSQL. Two "dashboards" follow the event log the way
/notify?since does (resume after the last id seen, on every reconnect). At the end it counts:
every acknowledged question (2xx) stored exactly once in PostgreSQL; every ticket's
new_session seen exactly once by each dashboard; event ids strictly increasing.

Scope of this first version: ingest-api and the outbox (the seam the issue's "nothing lost"
is about). The Telegram double, web visitors, notify-hub and operator-relay are not in it yet.

Usage: bench/chaos.py [--seconds 300] [--short]   (--short: one fault of each kind, ~40 s)
Prints a table and a last line `chaos: N acknowledged, L lost, D duplicated, O out of order`;
exits 1 unless L, D and O are 0.
"""
import argparse, json, os, random, signal, socket, subprocess, sys, tempfile, threading, time
import http.client

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOKEN = "chaos-admin-token"
CHANNEL = "chaos:events"


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


class Ingest:
    """One ingest-api instance, killed with SIGKILL and started again on the same port."""

    def __init__(self, binary, redis, postgres, logs):
        self.binary, self.redis, self.postgres, self.logs = binary, redis, postgres, logs
        self.port, self.process = free_port(), None

    def start(self):
        env = dict(os.environ, INGEST_PORT=str(self.port), BIND_ADDRESS="127.0.0.1", DATABASE_URL=self.postgres.url,
                   REDIS_URL=self.redis.url, ADMIN_API_TOKEN=TOKEN, EVENTS_CHANNEL=CHANNEL, LOG_LEVEL="warning")
        log = open(os.path.join(self.logs, f"ingest-{self.port}.log"), "a")
        self.process = subprocess.Popen([self.binary], env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        for _ in range(200):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise SystemExit("chaos: ingest-api did not start")

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


class Dashboard(threading.Thread):
    """Follows the event log as a /notify?since client does: after every disconnect it
    resumes after the last id it saw. Counts new_session per session and the id order."""

    def __init__(self, redis, stop):
        super().__init__(daemon=True)
        self.redis, self.stop = redis, stop
        self.last, self.sessions, self.out_of_order, self.reconnects = 0, {}, 0, 0

    def run(self):
        while not self.stop.is_set() or self.drain_pending():
            if not self.read_once(block=500):
                self.reconnects += 1
                time.sleep(0.5)

    def drain_pending(self):
        return self.read_once(block=0) and False

    def read_once(self, block):
        result = subprocess.run(
            ["redis-cli", "-p", str(self.redis.port), "--raw", "XREAD", "COUNT", "500", "BLOCK", str(block),
             "STREAMS", f"{CHANNEL}:log", f"{self.last}-0"], capture_output=True, text=True)
        if result.returncode != 0 or result.stdout.startswith("ERR") or "Could not connect" in result.stderr:
            return False
        lines = result.stdout.splitlines()
        # --raw: stream name, then per entry: id, "e", json
        index = 1
        while index + 2 < len(lines) + 1 and index < len(lines):
            entry_id, json_text = lines[index], lines[index + 2] if index + 2 < len(lines) else ""
            index += 3
            try:
                event_id = int(entry_id.split("-")[0])
                event = json.loads(json_text)
            except ValueError:
                continue
            if event_id <= self.last:
                self.out_of_order += 1
                continue
            self.last = event_id
            if event.get("type") == "new_session":
                session = event["data"]["session_id"]
                self.sessions[session] = self.sessions.get(session, 0) + 1
        return True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--short", action="store_true", help="one fault of each kind (for make test)")
    args = parser.parse_args()
    seconds = 40 if args.short else args.seconds
    subprocess.run(["swift", "build", "--product", "ingest-api"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    binary = os.path.join(ROOT, subprocess.run(
        ["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True).stdout.strip(), "ingest-api")
    work = tempfile.mkdtemp(prefix="switchboard-chaos-")
    os.chmod(work, 0o755)
    redis, postgres = Redis(os.path.join(work, "redis")), Postgres(os.path.join(work, "pg"))
    os.makedirs(redis.folder)
    redis.start()
    postgres.start()
    instances = [Ingest(binary, redis, postgres, work) for _ in range(2)]
    stop = threading.Event()
    faults = {"kill -9 ingest-api": 0, "restart Redis": 0, "restart PostgreSQL": 0}
    try:
        for instance in instances:
            instance.start()
        senders = [Sender(n, instances, stop) for n in range(4)]
        dashboards = [Dashboard(redis, stop) for _ in range(2)]
        for thread in senders + dashboards:
            thread.start()
        started = time.time()
        plan = []
        if args.short:
            plan = [(8, "kill -9 ingest-api"), (18, "restart Redis"), (28, "restart PostgreSQL")]
        else:
            kinds = list(faults)
            moment = 10
            while moment < seconds - 30:
                plan.append((moment, kinds[len(plan) % 3]))
                moment += random.randint(12, 25)
        for moment, kind in plan:
            time.sleep(max(0, started + moment - time.time()))
            faults[kind] += 1
            if kind == "kill -9 ingest-api":
                victim = random.choice(instances)
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
        for sender in senders:
            sender.join()
        # Let the outbox drain, then the dashboards catch up.
        deadline = time.time() + 60
        while time.time() < deadline:
            backlog = postgres.query(
                "SELECT count(*) FROM event_outbox WHERE id > (SELECT published_through FROM event_outbox_cursor)")
            if backlog and backlog[0][0] == "0":
                break
            time.sleep(0.5)
        time.sleep(3)
        for dashboard in dashboards:
            dashboard.join(timeout=10)

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
        out_of_order = sum(d.out_of_order for d in dashboards)
        lost, duplicated = lost_messages + lost_events, duplicated_messages + duplicated_events
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
        ]
        width = max(len(name) for name, _ in rows)
        for name, value in rows:
            print(f"| {name.ljust(width)} | {str(value).rjust(7)} |")
        print(f"chaos: {len(acknowledged)} acknowledged, {lost} lost, {duplicated} duplicated, {out_of_order} out of order")
        return 0 if lost == duplicated == out_of_order == 0 and acknowledged else 1
    finally:
        stop.set()
        for instance in instances:
            instance.stop()
        redis.stop()
        postgres.remove()


if __name__ == "__main__":
    sys.exit(main())
