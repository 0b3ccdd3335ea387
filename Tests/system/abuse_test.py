#!/usr/bin/env python3
"""Abuse: what an outsider can throw at one running server, while a signed-in user keeps working.

  - a 100 MB body to the anonymous POST /api/v1/tokens          -> 413, before the body is read
  - a 100 MB upload to POST /import without signing in           -> 401/403 (or to /signin) before the body is read
  - a GeoJSON nesting 100,000 arrays in a Polygon's coordinates  -> a 4xx, uploaded by the authority, submitted
                                                                    through the API, and `minefree import` refuses
                                                                    it without crashing
  - 10,000 cookieless GET requests                               -> all answered, no session row made for them
  - 200 wrong passwords for one user                             -> 401, then 429 with Retry-After
All the while a signed-in user's requests (a bearer token and a browser session) succeed, the server stays up,
and its peak resident memory (VmHWM) stays under MINEFREE_ABUSE_MAX_RSS_MB (default 600).
"""
from __future__ import annotations

import concurrent.futures
import http.client
import os
import re
import select
import socket
import subprocess
import tempfile
import threading
import time

import sysutil
from sysutil import check

PORT = int(os.environ.get("MINEFREE_ABUSE_PORT", "18095"))
MAX_RSS_MB = int(os.environ.get("MINEFREE_ABUSE_MAX_RSS_MB", "600"))
HUNDRED_MB = 100 * 1024 * 1024
DEPTH = 100_000


def send_oversized(method: str, path: str, headers: dict, total: int, timeout: float = 120):
    """Declares and starts sending a `total`-byte body; stops as soon as the server answers.
    (status or None, response head, bytes of the body sent before the answer came)."""
    s = socket.create_connection(("127.0.0.1", PORT), timeout=10)
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{PORT}\r\nContent-Length: {total}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    s.sendall(head.encode())
    s.setblocking(False)
    chunk = b"x" * 65536
    sent, response = 0, b""
    deadline = time.time() + timeout
    while time.time() < deadline and b"\r\n\r\n" not in response:
        readable, writable, _ = select.select([s], [s] if sent < total else [], [], 1.0)
        if readable:
            try:
                data = s.recv(65536)
            except (ConnectionResetError, BrokenPipeError):
                break
            if not data:
                break
            response += data
        elif writable:
            try:
                sent += s.send(chunk[: min(len(chunk), total - sent)])
            except (BlockingIOError, InterruptedError):
                pass
            except (ConnectionResetError, BrokenPipeError):
                # The server closed its side: its answer may still be in our receive buffer.
                try:
                    s.setblocking(True)
                    s.settimeout(5)
                    response += s.recv(65536)
                except OSError:
                    pass
                break
    s.close()
    match = re.match(rb"HTTP/1\.[01] (\d{3})", response)
    return (int(match.group(1)) if match else None), response.split(b"\r\n\r\n")[0].decode(errors="replace"), sent


def deep_geojson() -> bytes:
    return (b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"HA-DEEP","region":"D01",'
            b'"status":"SHA","contamination":"AP","recorded_date":"2020-01-01","area_m2":100},'
            b'"geometry":{"type":"Polygon","coordinates":' + b"[" * DEPTH + b"]" * DEPTH + b"}}]}")


class SignedInUser(threading.Thread):
    """A user who keeps working while the abuse goes on: API reads with a token, pages with a session."""

    def __init__(self, base: str, tok: str, session: str):
        super().__init__(daemon=True)
        self.base, self.tok, self.session = base, tok, session
        self.results: list[tuple[str, int | str, float]] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            for what, path, headers in (
                ("API", "/api/v1/hazards?limit=5", sysutil.bearer(self.tok)),
                ("page", "/programme", {"Cookie": "minefree-session=" + self.session, "Accept": "text/html"}),
            ):
                start = time.monotonic()
                try:
                    status, _, _ = sysutil.request("GET", self.base + path, headers=headers, timeout=30)
                except OSError as e:
                    status = type(e).__name__
                self.results.append((what, status, time.monotonic() - start))
            self.done.wait(0.3)


def main() -> None:
    server = sysutil.Server("abuse", PORT).start()
    base = server.base
    store = sysutil.Store(sqlite=server.sqlite)
    rss_start = server.memory_kb("VmRSS") // 1024
    print(f"server pid {server.pid}, resident {rss_start} MB after start")
    try:
        viewer = sysutil.token(base, "viewer")
        operator = sysutil.token(base, "operator")
        authority_session = sysutil.web_sign_in(base, "authority")
        user = SignedInUser(base, viewer, authority_session)
        user.start()

        print("== a 100 MB body to the anonymous POST /api/v1/tokens")
        status, head, sent = send_oversized("POST", "/api/v1/tokens", {"Content-Type": "application/json"}, HUNDRED_MB)
        check(status == 413, f"answered 413 (got {status}: {head.splitlines()[:1]})")
        check("problem+json" in head.lower() or status != 413, "as problem details")
        check(sent < HUNDRED_MB // 4, f"before reading the body ({sent // 1024} kB of 100 MB sent)")

        print("== a 100 MB upload to POST /import without signing in")
        status, head, sent = send_oversized(
            "POST", "/import", {"Content-Type": "multipart/form-data; boundary=x", "Accept": "text/html"}, HUNDRED_MB)
        redirect = status in (302, 303) and "/signin" in head
        check(status in (401, 403) or redirect, f"refused: 401/403 or a redirect to /signin (got {status})")
        check(sent < HUNDRED_MB // 4, f"before reading the body ({sent // 1024} kB of 100 MB sent)")
        check(server.alive(), "the server is up")

        print(f"== a GeoJSON nesting {DEPTH:,} arrays in a Polygon's coordinates")
        deep = deep_geojson()
        status, headers, data = sysutil.upload_import(base, authority_session, [("hazards.geojson", deep)], timeout=120)
        check(400 <= status < 500, f"the authority's upload ({len(deep) // 1024} kB) is refused with a 4xx (got {status})")
        check(not store.rows("SELECT 1 FROM hazardous_areas WHERE local_id = 'HA-DEEP'"), "nothing of it is stored")
        geometry = b'{"type":"Polygon","coordinates":' + b"[" * DEPTH + b"]" * DEPTH + b"}"
        api_body = (b'{"id":"HA-DEEP-API","region":"D01","classification":"SHA","contamination":"AP",'
                    b'"recorded_date":"2020-01-01","geometry":' + geometry + b"}")
        status, headers, data = sysutil.request("POST", base + "/api/v1/submissions/hazards", api_body, {
            **sysutil.bearer(operator), "Content-Type": "application/json"}, timeout=120)
        check(400 <= status < 500 and "problem+json" in headers.get("content-type", ""),
              f"the same geometry submitted through the API gets a 4xx problem (got {status} {data[:160]!r})")
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "hazards.geojson"), "wb") as f:
                f.write(deep)
            p = subprocess.run([sysutil.BIN, "import", os.path.join(d, "hazards.geojson")], capture_output=True,
                               env={**os.environ, "MINEFREE_DB": os.path.join(d, "cli.sqlite")}, timeout=300)
            check(p.returncode > 0, f"`minefree import` refuses it and exits normally (exit {p.returncode}; a "
                                    f"negative code is the signal that killed it)")
        check(server.alive(), "the server is up")

        print("== 10,000 cookieless GET requests (8 keep-alive connections)")
        sessions_before = int(store.scalar("SELECT count(*) FROM web_sessions"))
        # Pages, the API, static files; the dashboard ("/", the heaviest) one time in ten.
        paths = ["/", "/health", "/static/minefree.css", "/api/v1/states?limit=5", "/deadlines", "/treaty",
                 "/static/map.js", "/ogc", "/health", "/api/v1/states/TJK"]

        def worker(n: int) -> dict:
            counts: dict = {}
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            for i in range(n):
                path = paths[i % len(paths)]
                try:
                    status, headers, _ = sysutil.request("GET", base + path, conn=conn)
                except (OSError, http.client.HTTPException) as e:
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
                    status, headers = type(e).__name__, {}
                counts[status] = counts.get(status, 0) + 1
                if "set-cookie" in headers:
                    counts["set-cookie"] = counts.get("set-cookie", 0) + 1
            conn.close()
            return counts

        start = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            results = list(pool.map(worker, [1250] * 8))
        totals: dict = {}
        for r in results:
            for k, v in r.items():
                totals[k] = totals.get(k, 0) + v
        print(f"  {time.monotonic() - start:.1f} s: {totals}")
        check(totals.get(200, 0) == 10_000, f"all 10,000 answered 200 ({totals})")
        check(totals.get("set-cookie", 0) == 0, f"no cookie was set on them ({totals.get('set-cookie', 0)})")
        sessions_after = int(store.scalar("SELECT count(*) FROM web_sessions"))
        check(sessions_after - sessions_before <= 5,
              f"the sessions table did not grow with them ({sessions_before} -> {sessions_after})")

        print("== 200 wrong passwords for one user")
        attempts: list[tuple[int, str | None]] = []
        lock = threading.Lock()

        def guess(i: int) -> None:
            status, headers, _ = sysutil.request("POST", base + "/api/v1/tokens",
                                                 {"username": "viewer", "password": f"wrong-password-{i}"})
            with lock:
                attempts.append((status, headers.get("retry-after")))

        start = time.monotonic()
        for i in range(3):
            guess(i)
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(guess, range(3, 200)))
        statuses = [s for s, _ in attempts]
        print(f"  {time.monotonic() - start:.1f} s: " + ", ".join(f"{s}×{statuses.count(s)}" for s in sorted(set(statuses))))
        check([s for s, _ in attempts[:3]] == [401, 401, 401], f"the first wrong passwords are told 401 ({attempts[:3]})")
        check(set(statuses) <= {401, 429}, f"every answer is 401 or 429 ({sorted(set(statuses))})")
        check(429 in statuses, "repeated wrong passwords are throttled with 429")
        retry = [r for s, r in attempts if s == 429]
        check(bool(retry) and all(r is not None and r.isdigit() and int(r) >= 1 for r in retry),
              f"every 429 says when to retry (Retry-After: {sorted(set(retry))[:5]})")

        user.done.set()
        user.join()
        failed = [r for r in user.results if r[1] != 200]
        slowest = max((r[2] for r in user.results), default=0)
        check(len(user.results) >= 4 and not failed,
              f"the signed-in user's {len(user.results)} requests made meanwhile all succeeded "
              f"(failed: {failed[:5]}; slowest {slowest:.2f} s)")
        status, _, _ = sysutil.request("GET", base + "/health")
        check(server.alive() and status == 200, "the server is still up and healthy")
        peak = server.memory_kb("VmHWM") // 1024
        check(peak < MAX_RSS_MB, f"its peak resident memory stayed under {MAX_RSS_MB} MB ({peak} MB; {rss_start} MB after start)")
    finally:
        server.cleanup()
    sysutil.finish("abuse test")


if __name__ == "__main__":
    main()
