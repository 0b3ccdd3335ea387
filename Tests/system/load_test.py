#!/usr/bin/env python3
"""Under load: `wrk` drives 64 connections of reads for 30 s (hazards, progress, OGC features, with a viewer's
bearer token) while a writer keeps submitting releases as the operator and approving them as the authority.

Passes when wrk reports no error of any kind (no non-2xx answer, no connect/read/write error, no time-out within
30 s), every write the writer made was acknowledged (201 then 200) and at least MINEFREE_LOAD_MIN_APPROVALS
(default 3) were approved during the 30 s with never more than MINEFREE_LOAD_MAX_GAP_SECONDS (default 20) between
two (the writer is not starved: on 2 cores, debug build, one writer against 64 readers gets about a 65th of the
server, a submission and an approval are each an import check, so a few approvals is its fair share), the approved
releases are
all in the store, and the server's peak resident memory stays under MINEFREE_LOAD_MAX_RSS_MB (default 600).
Latency goals are the national-scale speed issue's; this proves nothing breaks.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
import time

import sysutil
from sysutil import check

PORT = int(os.environ.get("MINEFREE_LOAD_PORT", "18096"))
SECONDS = int(os.environ.get("MINEFREE_LOAD_SECONDS", "30"))
CONNECTIONS = 64
MIN_APPROVALS = int(os.environ.get("MINEFREE_LOAD_MIN_APPROVALS", "3"))
MAX_GAP = float(os.environ.get("MINEFREE_LOAD_MAX_GAP_SECONDS", "20"))
MAX_RSS_MB = int(os.environ.get("MINEFREE_LOAD_MAX_RSS_MB", "600"))

LUA = """
local paths = { "/api/v1/hazards?limit=50", "/api/v1/progress", "/ogc/collections/hazards/items?limit=100" }
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
"""


class Writer(threading.Thread):
    def __init__(self, base: str, operator: str, authority: str, hazards: list[str]):
        super().__init__(daemon=True)
        self.base, self.operator, self.authority, self.hazards = base, operator, authority, hazards
        self.done = threading.Event()
        self.results: list[tuple[str, int, int, float]] = []  # (release id, submit status, review status, seconds)
        self.finished: list[float] = []  # when each approval was acknowledged

    def run(self) -> None:
        n = 0
        while not self.done.is_set():
            n += 1
            rid = f"LOAD-{n}"
            start = time.monotonic()
            try:
                sub, review, _ = sysutil.submit_and_approve(self.base, self.operator, self.authority, rid,
                                                            self.hazards[n % len(self.hazards)])
            except OSError as e:
                sub, review = -1, -1
                print(f"  writer: {rid}: {e}")
            self.results.append((rid, sub, review, time.monotonic() - start))
            if review == 200:
                self.finished.append(time.monotonic())


def main() -> None:
    wrk = shutil.which("wrk")
    if not wrk:
        raise SystemExit("load test needs wrk (Debian: apt-get install wrk)")
    server = sysutil.Server("load", PORT).start()
    try:
        viewer = sysutil.token(server.base, "viewer")
        operator = sysutil.token(server.base, "operator")
        authority = sysutil.token(server.base, "authority")
        hazards = sysutil.open_hazards(server.base, operator)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(LUA)
            script = f.name
        print(f"== wrk: {CONNECTIONS} connections of reads for {SECONDS} s, a writer submitting and approving releases")
        writer = Writer(server.base, operator, authority, hazards)
        peak_rss = [0]
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(1.0):
                peak_rss[0] = max(peak_rss[0], server.memory_kb("VmRSS"))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        writer.start()
        began = time.monotonic()
        run = subprocess.run([wrk, "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "30s", "--latency",
                              "-H", "Authorization: Bearer " + viewer, "-H", "Accept: application/json",
                              "-s", script, server.base], capture_output=True, text=True)
        ended = time.monotonic()
        writer.done.set()
        writer.join(timeout=120)
        stop.set()
        os.unlink(script)
        print(run.stdout + run.stderr)
        out = run.stdout
        check(run.returncode == 0, f"wrk ran (exit {run.returncode})")
        total = re.search(r"(\d+) requests in ([\d.]+)(\w+)", out)
        check(total is not None and int(total.group(1)) > 0, f"wrk made requests ({total.group(0) if total else 'none'})")
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        check(non2xx is None, f"no read was answered with an error status ({non2xx.group(0) if non2xx else 'none'})")
        sockets = re.search(r"Socket errors: (.*)", out)
        check(sockets is None, f"no connect, read or write error nor time-out ({sockets.group(1) if sockets else 'none'})")

        subs = [r for r in writer.results]
        failed = [r for r in subs if (r[1], r[2]) != (201, 200)]
        approved = [r[0] for r in subs if r[2] == 200]
        slowest = max((r[3] for r in subs), default=0.0)
        print(f"  writer: {len(subs)} releases submitted and reviewed, {len(approved)} approved; slowest pair {slowest:.2f} s")
        check(not failed, f"every write was acknowledged: submitted 201, approved 200 (not: {failed[:5]})")
        marks = [began] + [t for t in writer.finished if t <= ended] + [ended]
        gap = max(b - a for a, b in zip(marks, marks[1:]))
        check(gap <= MAX_GAP, f"approvals kept coming: at most {gap:.1f} s without one (limit {MAX_GAP:.0f} s)")
        during = sum(1 for t in writer.finished if t <= ended)
        check(during >= MIN_APPROVALS, f"the writer was not starved: {during} approvals in {SECONDS} s "
                                              f"(at least {MIN_APPROVALS})")
        store = sysutil.Store(sqlite=server.sqlite)
        stored = {r[0] for r in store.rows("SELECT local_id FROM land_releases WHERE local_id LIKE 'LOAD-%'")}
        check(set(approved) <= stored, f"every approved release is in the store ({len(stored)} stored)")
        status, _, _ = sysutil.request("GET", server.base + "/health")
        check(server.alive() and status == 200, "the server is up and healthy afterwards")
        peak = max(server.memory_kb("VmHWM"), peak_rss[0]) // 1024
        check(peak < MAX_RSS_MB, f"its peak resident memory stayed under {MAX_RSS_MB} MB ({peak} MB)")
    finally:
        server.cleanup()
    sysutil.finish("load test")


if __name__ == "__main__":
    main()
