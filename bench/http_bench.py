#!/usr/bin/env python3
"""HTTP benchmark: Switchboard's server against Node's http module, same JSON route, same run.

Two set-ups, each run ROUNDS times at 64 and 256 connections; medians are printed:
  one core  - each server pinned to core 0 with one thread (LOOPS=1), wrk pinned to core 1:
              the per-core comparison.
  two cores - Switchboard with one loop per core, Node as people run it (one thread),
              nothing pinned: what a user of each stack gets on this machine.
Usage: bench/http_bench.py SWIFT_BINARY [--duration S] [--rounds N]
"""
import argparse, os, re, signal, socket, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port, seconds=10):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server on {port} did not start")


def start(cmd, env=None):
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def wrk(port, connections, duration, pin):
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", f"http://127.0.0.1:{port}/json"]
    if pin:
        cmd = ["taskset", "-c", "1"] + cmd
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)", out)
    return rps, p99, errors.group(0) if errors else ""


def measure(name, cmd, env, pin, duration, rounds, results):
    port = free_port()
    env = dict(os.environ, **env)
    if pin:
        cmd = ["taskset", "-c", "0"] + cmd
    proc = start(cmd + [str(port)], env)
    try:
        wait_ready(port)
        wrk(port, 64, 2, pin)  # warm-up
        for connections in (64, 256):
            samples = [wrk(port, connections, duration, pin) for _ in range(rounds)]
            errors = [s[2] for s in samples if s[2]]
            results[(name, connections)] = (
                statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples), errors)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("swift_binary")
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    node = ["node", os.path.join(HERE, "http", "node_server.js")]
    swift = [args.swift_binary]
    for title, pin, swift_env in (("one core each (pinned, 1 thread)", True, {"LOOPS": "1"}),
                                  ("whole machine (unpinned; Switchboard 1 loop per core)", False, {})):
        results = {}
        measure("switchboard", swift, swift_env, pin, args.duration, args.rounds, results)
        measure("node", node, {}, pin, args.duration, args.rounds, results)
        print(f"\nHTTP GET /json, wrk -t2, {args.duration}s x {args.rounds} rounds, medians - {title}")
        print(f"{'conns':>5} {'switchboard req/s':>18} {'p99 ms':>7} {'node req/s':>11} {'p99 ms':>7} {'ratio':>6}")
        for connections in (64, 256):
            s_rps, s_p99, s_err = results[("switchboard", connections)]
            n_rps, n_p99, n_err = results[("node", connections)]
            print(f"{connections:>5} {s_rps:>18.0f} {s_p99:>7.2f} {n_rps:>11.0f} {n_p99:>7.2f} {s_rps / n_rps:>5.2f}x"
                  + (f"  errors: {s_err + n_err}" if s_err or n_err else ""))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
