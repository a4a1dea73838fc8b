#!/usr/bin/env python3
"""Fan-out benchmark: notify-hub against the peers, one hub at a time, in one run.

Hubs: switchboard (notify-hub), floor (bench/tools/floor_hub.c: a bare C broadcaster, the
least a hub can do here), node-ws (Node + ws), fastapi (FastAPI + uvicorn + redis.asyncio).
Each hub is pinned to core 0; the load (bench/tools/wsload.c) and Redis run on core 1;
events are ~110 bytes. Scenarios:
  fanout-1000   1,000 dashboards x 100 events/s: latency p50/p99, lost
  cpu-500       500 x 100/s (50,000 deliveries/s): hub CPU microseconds per delivery
  fanout-5000   5,000 x 100/s: deliveries/s and p99 (broadcast throughput)
  idle-10000    10,000 idle connections: RSS KiB per connection
  accept-5000   connections accepted per second (5,000 at an unthrottled ramp)
Usage: bench/hub_bench.py --hub-binary PATH --wsload PATH --floor-hub PATH --redis-port PORT
       [--hubs a,b] [--scenarios a,b] [--quick]
bench/run.sh builds the two tools into .run/bench-tools/ and runs this with a private Redis.
"""
import argparse, json, os, signal, socket, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
TOKEN = "bench-token-0123456789abcdefgh"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, seconds=15):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def hub_command(name, args, port, channel):
    if name == "switchboard":
        env = dict(os.environ, REDIS_URL=f"redis://127.0.0.1:{args.redis_port}/0", WEBSOCKET_PORT=str(port),
                   WEBSOCKET_SERVER="127.0.0.1", ADMIN_API_TOKEN=TOKEN, EVENTS_CHANNEL=channel, LOG_LEVEL="warning",
                   MAX_CONNECTIONS="60000")
        return [args.hub_binary], env
    if name == "floor":
        return [args.floor_hub, str(port), channel, str(args.redis_port)], None
    if name == "node-ws":
        return ["node", os.path.join(HERE, "peers", "node_ws_hub.js"), str(port), str(args.redis_port), channel], None
    if name == "fastapi":
        python = os.path.join(args.venv, "bin", "python")
        return [python, os.path.join(HERE, "peers", "fastapi_hub.py"), str(port), str(args.redis_port), channel], None
    raise ValueError(name)


def run_wsload(args, port, hub_pid, extra, channel=None):
    cmd = ["taskset", "-c", "1", args.wsload, "--url", f"ws://127.0.0.1:{port}/notify?token={TOKEN}",
           "--server-pid", str(hub_pid)] + extra
    if channel:
        cmd += ["--channel", channel, "--redis", f"127.0.0.1:{args.redis_port}"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600).stdout.strip().splitlines()
    return json.loads(out[-1]) if out else {}


def scenario(args, name, port, pid, channel):
    duration = "5" if args.quick else "10"
    if name == "fanout-1000":
        r = run_wsload(args, port, pid, ["-c", "1000", "--rate", "100", "--duration", duration, "--drain", "5"], channel)
        return {"p50_ms": r.get("lat_us_p50", 0) / 1000, "p99_ms": r.get("lat_us_p99", 0) / 1000,
                "lost": r.get("lost"), "received": r.get("received"), "expected": r.get("expected")}
    if name == "cpu-500":
        r = run_wsload(args, port, pid, ["-c", "500", "--rate", "100", "--duration", duration, "--drain", "5"], channel)
        received = max(1, r.get("received", 0))
        return {"cpu_us_per_delivery": 1e6 * r.get("server_cpu_s_publish", 0) / received, "lost": r.get("lost")}
    if name == "fanout-5000":
        r = run_wsload(args, port, pid, ["-c", "5000", "--rate", "100", "--duration", duration, "--drain", "5"], channel)
        return {"deliveries_per_s": r.get("deliveries_per_s"), "p99_ms": r.get("lat_us_p99", 0) / 1000,
                "lost": r.get("lost"), "cpu_us_per_delivery": 1e6 * r.get("server_cpu_s_publish", 0) / max(1, r.get("received", 0))}
    if name == "idle-10000":
        r = run_wsload(args, port, pid, ["-c", "10000", "--hold", "5", "--steps", "10"])
        return {"rss_kib_per_conn": r.get("server_rss_kb_per_conn_slope"), "connections": r.get("connections")}
    if name == "accept-5000":
        r = run_wsload(args, port, pid, ["-c", "5000", "--ramp", "1000000", "--inflight", "512", "--hold", "1"])
        phase = r.get("connect_phase_s") or 0
        return {"accepted_per_s": (r.get("connections", 0) / phase) if phase else 0, "failures": r.get("connect_failures")}
    raise ValueError(name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hub-binary", required=True)
    parser.add_argument("--wsload", required=True)
    parser.add_argument("--floor-hub", required=True)
    parser.add_argument("--redis-port", type=int, required=True)
    parser.add_argument("--venv", default=os.path.join(HERE, ".venv"))
    parser.add_argument("--hubs", default="switchboard,floor,node-ws,fastapi")
    parser.add_argument("--scenarios", default="fanout-1000,cpu-500,fanout-5000,idle-10000,accept-5000")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    results = {}
    for hub in args.hubs.split(","):
        for name in args.scenarios.split(","):
            port, channel = free_port(), f"bench:{hub}:{name}:{os.getpid()}"
            cmd, env = hub_command(hub, args, port, channel)
            proc = subprocess.Popen(["taskset", "-c", "0"] + cmd, env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            try:
                if not wait_port(port):
                    results[(hub, name)] = {"error": "did not start"}
                    continue
                time.sleep(0.5)
                results[(hub, name)] = scenario(args, name, port, proc.pid, channel)
            except Exception as error:  # a peer that falls over is a result too
                results[(hub, name)] = {"error": str(error)[:80]}
            finally:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
            print(f"{hub:12} {name:12} {json.dumps(results[(hub, name)])}", flush=True)
    print("\nfan-out summary (hub on core 0, load and Redis on core 1, ~100-byte events)")
    for name in args.scenarios.split(","):
        print(f"  {name}:")
        for hub in args.hubs.split(","):
            print(f"    {hub:12} {json.dumps(results.get((hub, name)))}")


if __name__ == "__main__":
    main()
