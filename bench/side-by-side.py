#!/usr/bin/env python3
"""Our CLI and a bare HTTP client side by side against one Okta simulator.

The bare client is Python's stdlib: one keep-alive connection, `json.loads` per page, as a careful
script would be written. Each client gets its own fresh rate-limit window (the simulator is told on
its stdin to reset them, or, with --sim-per-client, each client gets a simulator of its own).
Prints one JSON object with the figures and the ratios ours / bare.

    cargo build --release -p host-test
    python3 bench/side-by-side.py --users 100000 --gets 2000

Needs /usr/bin/time (GNU time) for each child's peak RSS.

Measured per client, each in a process of its own: list every user (ours: `host-test run list-users
--stream`, its NDJSON read here while it runs and counted after it ends, every id checked to appear
once), wall time and peak RSS; N single
gets of one user (ours: `host-test bench --gets N`, the in-process total).
"""

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host-test", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "host-test"),
                   help="the host-test binary (default: the release build)")
    p.add_argument("--users", type=int, default=10000, help="users to seed in the simulator")
    p.add_argument("--gets", type=int, default=2000, help="single GET /users/{id} per client")
    p.add_argument("--limit", type=int, default=200, help="page size of the listings")
    p.add_argument("--sim-per-client", action="store_true", help="a fresh simulator per client instead of resetting one")
    p.add_argument("--legacy-fetchall", action="store_true",
                   help="ours lists with `run list-users` fetchAll calls resumed with `after` (CLIs without --stream)")
    p.add_argument("--skip-gets", action="store_true", help="only the list-all comparison")
    # Internal: the bare client, run as a child so its RSS is its own.
    p.add_argument("--bare", choices=["list", "gets"], help=argparse.SUPPRESS)
    p.add_argument("--url", help=argparse.SUPPRESS)
    p.add_argument("--token", help=argparse.SUPPRESS)
    p.add_argument("--user-id", help=argparse.SUPPRESS)
    return p.parse_args()


class Sim:
    """`host-test sim` in a child process; its first stdout line tells where it listens."""

    def __init__(self, binary, users):
        self.proc = subprocess.Popen([binary, "sim", "--users", str(users)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        info = json.loads(self.proc.stdout.readline())
        self.url, self.token = info["url"], info["apiToken"]

    def reset_rate_limits(self):
        self.proc.stdin.write("reset-rate-limits\n")
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline())
        assert answer.get("rateLimitsReset"), answer

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def bare_list(url, token, limit):
    """Every user, following Link rel="next" on one keep-alive connection."""
    origin = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(origin.hostname, origin.port)
    headers = {"Authorization": f"SSWS {token}", "Accept": "application/json"}
    path, ids, pages = f"/api/v1/users?limit={limit}", [], 0
    while path:
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        body = resp.read()
        if resp.status != 200:
            raise SystemExit(f"bare client: {resp.status} {body[:200]!r}")
        ids.extend(u["id"] for u in json.loads(body))
        pages += 1
        path = None
        for link in resp.headers.get_all("Link") or []:
            for part in link.split(","):
                target, _, params = part.partition(";")
                if 'rel="next"' in params:
                    path = urllib.parse.urlsplit(target.strip()[1:-1])._replace(scheme="", netloc="").geturl()
    return {"items": len(ids), "unique": len(set(ids)), "pages": pages}


def bare_gets(url, token, user_id, n):
    origin = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(origin.hostname, origin.port)
    headers = {"Authorization": f"SSWS {token}", "Accept": "application/json"}
    started = time.perf_counter()
    for _ in range(n):
        conn.request("GET", f"/api/v1/users/{user_id}", headers=headers)
        resp = conn.getresponse()
        body = resp.read()
        if resp.status != 200:
            raise SystemExit(f"bare client: {resp.status} {body[:200]!r}")
        json.loads(body)
    return {"n": n, "totalSeconds": round(time.perf_counter() - started, 3)}


def timed(cmd):
    """Runs a child under /usr/bin/time; its stdout, wall seconds and peak RSS (MiB). (A child's own
    rusage would count the pages it shared with this process before exec.)"""
    with tempfile.NamedTemporaryFile("r") as rss:
        started = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss.name, *cmd], stdout=subprocess.PIPE, text=True)
        result = proc.stdout.read()
        code = proc.wait()
        seconds = time.perf_counter() - started
        if code != 0:
            raise SystemExit(f"{cmd[0]} failed: {result}")
        kib = int(rss.read().split()[-1])
    return result, round(seconds, 3), round(kib / 1024, 1)


def count_ndjson(text):
    ids = [json.loads(line)["id"] for line in text.splitlines()]
    return {"items": len(ids), "unique": len(set(ids))}


def ours_list(args, sim, connection):
    target = ["--okta-url", sim.url, "--connection", connection]
    if not args.legacy_fetchall:
        cmd = [args.host_test, "run", "list-users", "--stream", "--input", json.dumps({"limit": args.limit}), *target]
        # The lines are counted once the run is over: parsing them while it runs would take a core from
        # the simulator and our client (the bare client parses its pages inside its own timing).
        out, seconds, rss = timed(cmd)
        return {**count_ndjson(out), "seconds": seconds, "peakRssMiB": rss}
    # One `run` per budget of pages, resumed with `after`, as a flow would have to.
    ids, seconds, rss, cursor, calls = [], 0.0, 0.0, None, 0
    while True:
        payload = {"limit": args.limit, "fetchAll": True, **({"after": cursor} if cursor else {})}
        out, s, r = timed([args.host_test, "run", "list-users", "--input", json.dumps(payload), *target])
        out = json.loads(out)
        ids.extend(u["id"] for u in out["users"])
        seconds, rss, calls = seconds + s, max(rss, r), calls + 1
        cursor = out.get("nextCursor")
        if not cursor:
            break
    return {"items": len(ids), "unique": len(set(ids)), "calls": calls, "seconds": round(seconds, 3), "peakRssMiB": rss}


def main():
    args = parse_args()
    if args.bare == "list":
        print(json.dumps(bare_list(args.url, args.token, args.limit)))
        return
    if args.bare == "gets":
        print(json.dumps(bare_gets(args.url, args.token, args.user_id, args.gets)))
        return

    sims = []

    def fresh():
        if args.sim_per_client or not sims:
            if sims:
                sims.pop().stop()
            sims.append(Sim(args.host_test, args.users))
        else:
            sims[0].reset_rate_limits()
        return sims[0]

    try:
        report = {"users": args.users, "gets": args.gets, "limit": args.limit, "loadavg": os.getloadavg()[0]}
        me = [sys.executable, os.path.abspath(__file__), "--limit", str(args.limit), "--gets", str(args.gets)]
        sim = fresh()
        out, seconds, rss = timed([*me, "--bare", "list", "--url", sim.url, "--token", sim.token])
        bare = {**json.loads(out), "seconds": seconds, "peakRssMiB": rss}
        sim = fresh()
        connection = json.dumps({"type": "api-token", "oktaDomain": sim.url, "apiToken": sim.token})
        ours = ours_list(args, sim, connection)
        report["listAll"] = {"bare": bare, "ours": ours,
                             "ratioSeconds": round(ours["seconds"] / bare["seconds"], 2),
                             "ratioPeakRss": round(ours["peakRssMiB"] / bare["peakRssMiB"], 2)}
        if not args.skip_gets:
            sim = fresh()
            conn = http.client.HTTPConnection(*urllib.parse.urlsplit(sim.url).netloc.split(":"))
            conn.request("GET", "/api/v1/users?limit=1", headers={"Authorization": f"SSWS {sim.token}"})
            user_id = json.loads(conn.getresponse().read())[0]["id"]
            conn.close()
            sim = fresh()
            out, _, rss = timed([*me, "--bare", "gets", "--url", sim.url, "--token", sim.token, "--user-id", user_id])
            bare = {**json.loads(out), "peakRssMiB": rss}
            sim = fresh()
            connection = json.dumps({"type": "api-token", "oktaDomain": sim.url, "apiToken": sim.token})
            out, _, rss = timed([args.host_test, "bench", "--okta-url", sim.url, "--connection", connection, "--user-id", user_id,
                                 "--gets", str(args.gets), "--skip-list-all"])
            got = json.loads(out)["getUser"]
            ours = {"n": got["n"], "totalSeconds": got["totalSeconds"], "p50Ms": got["p50Ms"], "peakRssMiB": rss}
            report["gets"] = {"bare": bare, "ours": ours, "ratioSeconds": round(ours["totalSeconds"] / bare["totalSeconds"], 2)}
        print(json.dumps(report, indent=2))
    finally:
        for s in sims:
            s.stop()


if __name__ == "__main__":
    main()
