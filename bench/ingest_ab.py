#!/usr/bin/env python3
"""A/B of ingest-api builds: the bench/ingest loads against each binary in turn, round by round.

For a change to ingest-api or its SQL, requests/s alone misleads on this machine: its speed drifts by
a third within minutes. This prints, per binary and load, the medians of requests/s, p99, and what
each request cost: ingest-api CPU, PostgreSQL CPU (all its processes), and ingest-api context switches
(every thread's, from /proc), which drift far less. Binaries run one at a time on the same database,
interleaved, so growing tables weigh on all alike. The database is seeded like ingest_bench.py's
when it has no chats yet. The binaries share it: a migration one of them brings is in force for all
from its first start, so this compares the Swift side; compare SQL changes with pgbench instead.
Usage: bench/ingest_ab.py PG_PORT REDIS_PORT BINARY [BINARY ...] [--rounds N] [--duration S]
(e.g. two copies of .build/release/ingest-api, built before and after the change).
"""
import argparse, os, signal, statistics, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ingest_bench import LOADS, SEED, free_port, wait_ready, wrk  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid):
    """utime + stime of process `pid` (0 if it is gone)."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except OSError:
        return 0


def postgres_ticks():
    """CPU ticks of every process named postgres (backends, autovacuum, checkpointer)."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if open(f"/proc/{pid}/comm").read().strip() == "postgres":
                total += cpu_ticks(pid)
        except OSError:
            pass
    return total


def context_switches(pid):
    """Voluntary + involuntary context switches of all threads of `pid`."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            for line in open(f"/proc/{pid}/task/{tid}/status"):
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def seed_if_empty(pg_port):
    psql = ["psql", "-h", "127.0.0.1", "-p", str(pg_port), "-U", "postgres", "-d", "switchboard", "-qAt"]
    chats = subprocess.run(psql + ["-c", "SELECT count(*) FROM chats"], capture_output=True, text=True).stdout
    if chats.strip() == "0":
        subprocess.run(psql + ["-v", "ON_ERROR_STOP=1", "-c", SEED, "-c", "VACUUM ANALYZE"], check=True,
                       capture_output=True)


def measure(binary, env, script, duration):
    """One wrk run against a fresh process of `binary`: (req/s, p99 ms, app ms, postgres ms, switches) per request."""
    port = free_port()
    process = subprocess.Popen([binary], env=dict(env, INGEST_PORT=str(port)), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        wait_ready(port, "/readyz")
        wrk(port, script, 2)  # warm-up: connections opened, statements prepared
        app, database, switches = cpu_ticks(process.pid), postgres_ticks(), context_switches(process.pid)
        rps, _, p99, errors = wrk(port, script, duration)
        requests = max(1.0, rps * duration)
        per_request = lambda ticks: ticks * 1000 / TICKS / requests  # noqa: E731
        return (rps, p99, per_request(cpu_ticks(process.pid) - app), per_request(postgres_ticks() - database),
                (context_switches(process.pid) - switches) / requests, errors)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pg_port", type=int)
    parser.add_argument("redis_port", type=int)
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ, DATABASE_URL=f"postgres://switchboard@127.0.0.1:{args.pg_port}/switchboard",
               REDIS_URL=f"redis://127.0.0.1:{args.redis_port}/0", ADMIN_API_TOKEN="bench-token-0123456789abcdefgh", LOG_LEVEL="warning",
               BIND_ADDRESS="127.0.0.1")
    # The first binary applies the migrations; then the tables get their history.
    measure(args.binaries[0], env, LOADS[0][1], 1)
    seed_if_empty(args.pg_port)
    samples = {}
    for _ in range(args.rounds):
        for binary in args.binaries:
            for name, script in LOADS:
                samples.setdefault((binary, name), []).append(measure(binary, env, script, args.duration))
    print(f"wrk -t2 -c64, {args.duration}s x {args.rounds} rounds interleaved, medians; costs per request")
    print(f"{'binary':<28} {'load':<12} {'req/s':>7} {'p99 ms':>7} {'app ms':>7} {'pg ms':>7} {'switches':>9}")
    for (binary, name), runs in samples.items():
        rps, p99, app, database, switches = (statistics.median(run[i] for run in runs) for i in range(5))
        errors = "; ".join(run[5] for run in runs if run[5])
        print(f"{binary[-28:]:<28} {name:<12} {rps:>7.0f} {p99:>7.1f} {app:>7.3f} {database:>7.3f} {switches:>9.2f}"
              + (f"  {errors}" if errors else ""))


if __name__ == "__main__":
    main()
