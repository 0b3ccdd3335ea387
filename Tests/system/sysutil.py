"""What the crash, abuse and load tests share: a MineFree server of their own, HTTP calls, its memory, the store.

Standard library only (CI installs nothing more for these). Each test starts its servers through `Server`, which
runs the built binary itself (not a shell), so `kill -9` hits the server and `/proc/PID/status` is its memory.
"""
from __future__ import annotations

import datetime
import glob
import http.client
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.abspath(os.environ.get("MINEFREE_BIN", os.path.join(ROOT, ".build", "debug", "minefree")))
OUT = os.path.abspath(os.environ.get("MINEFREE_TEST_OUTPUT", os.path.join(ROOT, ".test-output")))
PASSWORD = "minefree-demo"

failures: list[str] = []


def check(ok: bool, what: str) -> bool:
    print(("ok    " if ok else "FAIL  ") + what, flush=True)
    if not ok:
        failures.append(what)
    return ok


def finish(name: str) -> None:
    if failures:
        print(f"{name}: {len(failures)} check(s) failed:")
        for f in failures:
            print("  - " + f)
        sys.exit(1)
    print(f"{name}: every check passed")


def today() -> str:
    return datetime.datetime.now(datetime.timezone.utc).date().isoformat()


class Server:
    """`minefree serve` on a port of its own, over a SQLite file (default) or `database_url`."""

    def __init__(self, name: str, port: int, *, demo: bool = True, sqlite: str | None = None,
                 database_url: str | None = None, env: dict[str, str] | None = None):
        self.name, self.port, self.demo = name, port, demo
        self.dir = None
        if database_url is None and sqlite is None:
            self.dir = tempfile.mkdtemp(prefix=f"minefree-{name}-")
            sqlite = os.path.join(self.dir, "minefree.sqlite")
        self.sqlite, self.database_url = sqlite, database_url
        self.extra_env = env or {}
        self.proc: subprocess.Popen | None = None
        os.makedirs(OUT, exist_ok=True)
        self.log_path = os.path.join(OUT, f"server-{name}.log")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 180) -> "Server":
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MINEFREE_DB")}
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        else:
            env["MINEFREE_DB"] = self.sqlite
        env.update(self.extra_env)
        args = [BIN, "serve", "--port", str(self.port)] + (["--demo"] if self.demo else [])
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server {self.name} exited with {self.proc.returncode}; see {self.log_path}")
            try:
                status, _, _ = request("GET", self.base + "/health", timeout=2)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"server {self.name} did not answer /health within {timeout} s; see {self.log_path}")

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill9(self) -> None:
        if self.alive():
            os.kill(self.pid, signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait()

    def stop(self) -> None:
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill9()

    def memory_kb(self, field: str = "VmHWM") -> int:
        """VmHWM (peak resident memory) or VmRSS of the server, in kB."""
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return -1

    def cleanup(self) -> None:
        self.stop()
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)


def request(method: str, url: str, body: bytes | dict | None = None, headers: dict | None = None,
            timeout: float = 60, conn: http.client.HTTPConnection | None = None):
    """(status, headers as a dict with lower-case names, body bytes). `body` as a dict is sent as JSON."""
    u = urllib.parse.urlsplit(url)
    headers = dict(headers or {})
    if isinstance(body, dict):
        body = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    own = conn is None
    if own:
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    try:
        conn.request(method, u.path + (("?" + u.query) if u.query else ""), body=body, headers=headers)
        r = conn.getresponse()
        data = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data
    finally:
        if own:
            conn.close()


def token(base: str, username: str, password: str = PASSWORD) -> str:
    status, _, data = request("POST", base + "/api/v1/tokens", {"username": username, "password": password})
    if status != 201:
        raise RuntimeError(f"no token for {username}: {status} {data[:300]!r}")
    return json.loads(data)["token"]


def bearer(tok: str) -> dict:
    return {"Authorization": "Bearer " + tok, "Accept": "application/json"}


def open_hazards(base: str, tok: str, minimum_remaining: int = 1000, limit: int = 200) -> list[str]:
    """Ids of open hazards with at least `minimum_remaining` m² left: releases of 1 m² on them always pass."""
    status, _, data = request("GET", base + f"/api/v1/hazards?status=open&limit={limit}", headers=bearer(tok))
    if status != 200:
        raise RuntimeError(f"hazards: {status} {data[:300]!r}")
    return [h["id"] for h in json.loads(data)["items"] if h["remaining_m2"] >= minimum_remaining]


def submit_and_approve(base: str, operator: str, authority: str, release_id: str, hazard: str,
                       conn_op=None, conn_au=None) -> tuple[int, int, int | None]:
    """Submits a 1 m² release as the operator and approves it as the authority.
    (submission status, review status or 0 when not tried, submission id)."""
    body = {"id": release_id, "hazard_id": hazard, "date": today(), "method": "cleared", "area_m2": 1}
    status, _, data = request("POST", base + "/api/v1/submissions/releases", body, bearer(operator), conn=conn_op)
    if status != 201:
        return status, 0, None
    sid = json.loads(data)["id"]
    review, _, _ = request("POST", base + f"/api/v1/submissions/{sid}/review", {"decision": "approve"},
                           bearer(authority), conn=conn_au)
    return status, review, sid


class Store:
    """Reads a store after the fact: a SQLite file through Python's sqlite3, PostgreSQL through psql."""

    def __init__(self, sqlite: str | None = None, database_url: str | None = None):
        self.sqlite, self.database_url = sqlite, database_url

    def rows(self, sql: str) -> list[tuple]:
        if self.sqlite:
            db = sqlite3.connect(self.sqlite, timeout=30)
            try:
                return db.execute(sql).fetchall()
            finally:
                db.close()
        out = subprocess.run([psql(), self.database_url, "-X", "-q", "-t", "-A", "-F", "\t", "-c", sql],
                             check=True, capture_output=True, text=True).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line != ""]

    def scalar(self, sql: str):
        rows = self.rows(sql)
        return rows[0][0] if rows else None

    def integrity(self) -> str:
        """SQLite: PRAGMA integrity_check. PostgreSQL: every table of the schema can be read through."""
        if self.sqlite:
            return ";".join(r[0] for r in self.rows("PRAGMA integrity_check"))
        tables = [r[0] for r in self.rows("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        for t in tables:
            self.rows(f'SELECT count(*) FROM "{t}"')
        return "ok"


def psql() -> str:
    found = shutil.which("psql") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))[::-1]), None)
    if not found:
        raise RuntimeError("psql not found (Debian: postgresql-client)")
    return found


def session_cookie(headers: dict) -> str | None:
    m = re.search(r"minefree-session=([^;]+)", headers.get("set-cookie", ""))
    return m.group(1) if m else None


def csrf_token(html: bytes) -> str:
    m = re.search(rb'name="csrf" value="([^"]*)"', html)
    return m.group(1).decode() if m else ""


def web_sign_in(base: str, username: str, password: str = PASSWORD) -> str:
    """A browser's sign-in: the form, its CSRF token, the post; the signed-in session's cookie value."""
    status, headers, html = request("GET", base + "/signin", headers={"Accept": "text/html"})
    session = session_cookie(headers)
    form = urllib.parse.urlencode({"username": username, "password": password, "csrf": csrf_token(html)})
    status, headers, _ = request("POST", base + "/signin", form.encode(), {
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html",
        **({"Cookie": "minefree-session=" + session} if session else {})})
    signed_in = session_cookie(headers)
    if status not in (302, 303) or not signed_in:
        raise RuntimeError(f"web sign-in of {username}: {status} {headers}")
    return signed_in


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body: text fields, and files as (field, file name, content). (body, content type)."""
    boundary = "minefree-system-test-boundary"
    out = b""
    for name, value in fields.items():
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    for name, filename, data in files:
        out += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, "multipart/form-data; boundary=" + boundary


def upload_import(base: str, session: str, files: list[tuple[str, bytes]], timeout: float = 600):
    """The authority's import page: its form's CSRF token, then the files. (status, headers, body)."""
    cookie = {"Cookie": "minefree-session=" + session, "Accept": "text/html"}
    _, _, page = request("GET", base + "/import", headers=cookie)
    body, content_type = multipart({"csrf": csrf_token(page)}, [("files", name, data) for name, data in files])
    return request("POST", base + "/import", body, {**cookie, "Content-Type": content_type}, timeout=timeout)
