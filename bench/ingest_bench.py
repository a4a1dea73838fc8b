#!/usr/bin/env python3
"""POST /api/ingest: ingest-api against the FastAPI + asyncpg peer (bench/peers/fastapi_ingest.py).

Both run at once against one private PostgreSQL and Redis (same schema, same FAQ: ingest-api
migrates and loads it at start), on the whole machine, as each is deployed: ingest-api with
one event loop per core, the peer under uvicorn with one worker per core (uvloop, httptools).
Two loads, wrk -t2 -c64, interleaved round by round so that neither stack is always measured
on the bigger tables:
  faq hit     - "How do I reset my password?" from 500 returning web chats: closed_auto
  ticket miss - a question the FAQ cannot answer, each from a new chat: a ticket per request
Before measuring, the database gets a desk's worth of history (SEED below: 20,000 chats, 200,000
messages, 20,000 tickets, most closed) and is VACUUMed and ANALYZEd, so plans are made for tables of a real
size rather than for empty ones; VACUUM leaves autovacuum nothing to catch up on mid-run.
Usage: bench/ingest_bench.py INGEST_API_BINARY VENV_PYTHON PG_PORT REDIS_PORT [--duration S] [--rounds N]
"""
import argparse, os, re, signal, socket, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
LOADS = (("faq hit", "faq_hit.lua"), ("ticket miss", "ticket_miss.lua"))
SEED = """
INSERT INTO chats (chat_id, channel, session_id, session_seen_at)
SELECT 'web-seed-' || n, 'web', gen_random_uuid(), now() - interval '2 days' FROM generate_series(1, 20000) AS n;
INSERT INTO messages (chat_id, direction, sender, text, session_id, created_at)
SELECT 'web-seed-' || (n % 20000 + 1), CASE WHEN n % 2 = 0 THEN 'in' ELSE 'out' END,
    CASE WHEN n % 2 = 0 THEN 'user' ELSE 'bot' END, 'seeded message ' || n, gen_random_uuid(),
    now() - interval '2 days' FROM generate_series(1, 200000) AS n;
INSERT INTO tickets (chat_id, status, category, priority, department, language, session_id, closed_at, closed_by)
SELECT 'web-seed-' || n, CASE WHEN n % 10 = 0 THEN 'open' ELSE 'closed' END, 'General', 'medium', 'Service_Desk',
    'en', gen_random_uuid(), CASE WHEN n % 10 = 0 THEN NULL ELSE now() END,
    CASE WHEN n % 10 = 0 THEN NULL ELSE 'seed' END FROM generate_series(1, 20000) AS n;
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port, path, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", f"http://127.0.0.1:{port}{path}"],
                                 capture_output=True, text=True, timeout=5).stdout
            if out == "200":
                return
        except subprocess.TimeoutExpired:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server on {port} not ready at {path}")


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def wrk(port, script, duration):
    cmd = ["wrk", "-t2", "-c64", f"-d{duration}s", "--latency", "-s", os.path.join(HERE, "ingest", script),
           f"http://127.0.0.1:{port}"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)", out)
    return rps, p50, p99, errors.group(0) if errors else ""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("ingest_binary")
    parser.add_argument("venv_python")
    parser.add_argument("pg_port", type=int)
    parser.add_argument("redis_port", type=int)
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    database_url = f"postgres://switchboard@127.0.0.1:{args.pg_port}/switchboard"
    redis_url = f"redis://127.0.0.1:{args.redis_port}/0"
    ours, peer = free_port(), free_port()
    env = dict(os.environ, DATABASE_URL=database_url, REDIS_URL=redis_url, ADMIN_API_TOKEN="bench-token-0123456789abcdefgh",
               LOG_LEVEL="warning", BIND_ADDRESS="127.0.0.1", INGEST_PORT=str(ours))
    processes = [subprocess.Popen([args.ingest_binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        wait_ready(ours, "/readyz")
        subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(args.pg_port), "-U", "postgres", "-d", "switchboard",
                        "-qAt", "-v", "ON_ERROR_STOP=1", "-c", SEED, "-c", "VACUUM ANALYZE"], check=True,
                       capture_output=True)
        uvicorn = os.path.join(os.path.dirname(os.path.abspath(args.venv_python)), "uvicorn")
        processes.append(subprocess.Popen(
            [uvicorn, "fastapi_ingest:app", "--host", "127.0.0.1", "--port", str(peer), "--workers", "2",
             "--log-level", "warning", "--no-access-log"],
            cwd=os.path.join(HERE, "peers"), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_ready(peer, "/docs")
        for port in (ours, peer):
            for _, script in LOADS:
                wrk(port, script, 3)  # warm-up: pools filled, statements prepared
        samples = {}
        for _ in range(args.rounds):
            for name, script in LOADS:
                for stack, port in (("switchboard", ours), ("fastapi", peer)):
                    samples.setdefault((stack, name), []).append(wrk(port, script, args.duration))
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    print(f"\nPOST /api/ingest, wrk -t2 -c64, {args.duration}s x {args.rounds} rounds interleaved, medians"
          " - whole machine (ingest-api 1 loop per core; uvicorn 2 workers)")
    print(f"{'load':<12} {'switchboard req/s':>18} {'p50 ms':>7} {'p99 ms':>7} {'fastapi req/s':>14} {'p50 ms':>7}"
          f" {'p99 ms':>7} {'ratio':>6}")
    for name, _ in LOADS:
        row = []
        errors = []
        for stack in ("switchboard", "fastapi"):
            runs = samples[(stack, name)]
            row.append([statistics.median(r[i] for r in runs) for i in range(3)])
            errors += [f"{stack}: {r[3]}" for r in runs if r[3]]
        (s_rps, s_p50, s_p99), (f_rps, f_p50, f_p99) = row
        print(f"{name:<12} {s_rps:>18.0f} {s_p50:>7.1f} {s_p99:>7.1f} {f_rps:>14.0f} {f_p50:>7.1f} {f_p99:>7.1f}"
              f" {s_rps / f_rps:>5.2f}x" + (f"  errors: {errors}" if errors else ""))
    print("rounds (req/s): " + "; ".join(
        f"{stack} {name}: " + " ".join(f"{r[0]:.0f}" for r in samples[(stack, name)])
        for name, _ in LOADS for stack in ("switchboard", "fastapi")))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
