#!/usr/bin/env python3
"""Crash safety: `kill -9` in the middle of a large import and in the middle of a stream of API writes,
several times at random moments; after each kill the store is reopened and must hold every acknowledged
write, no half of an import, and (SQLite) pass `PRAGMA integrity_check`.

    crash_test.py                       on SQLite files
    crash_test.py --postgres URL        on PostgreSQL: URL names a database this test may create others beside
                                        (scripts/test.sh's PostgreSQL pass gives one)

The import (19,200 hazards and ~24,700 releases: the demo programme written by `minefree demo`, copied under new
ids) is killed twice as `minefree import` and twice (--upload-rounds) as the authority's upload to a running server (the same
`Importer` transaction); one kill of each falls anywhere in a run whose length is measured first, the other
inside its write transaction as seen from outside (SQLite's write lock, PostgreSQL's transaction id). The writes
are releases submitted by the operator and approved by the authority through the JSON API of a running server,
killed at a random moment and restarted on the same store for the next round. MINEFREE_CRASH_SEED repeats a run.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import time
import urllib.parse

import sysutil
from sysutil import check

SEED = int(os.environ.get("MINEFREE_CRASH_SEED", str(int(time.time()))))
rng = random.Random(SEED)


def make_dataset(directory: str, copies: int) -> tuple[int, int]:
    """The demo programme's hazards and releases, `copies` times under new ids (no activity links), valid under
    the generic rules the server applies."""
    demo = os.path.join(directory, "demo")
    subprocess.run([sysutil.BIN, "demo", demo], check=True, capture_output=True)
    big = os.path.join(directory, "big")
    os.makedirs(big)
    lines = open(os.path.join(demo, "hazards.geojson")).read().splitlines()
    features = [json.loads(line.rstrip(",")) for line in lines if line.startswith('{"type":"Feature"')]
    with open(os.path.join(big, "hazards.geojson"), "w") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        first = True
        for c in range(copies):
            for feature in features:
                # Without its stated area (computed on import): the server's rules are the generic ones.
                properties = {k: v for k, v in feature["properties"].items() if k != "area_m2"}
                copy = dict(feature, properties=dict(properties, id=f"C{c:03d}-{properties['id']}"))
                f.write(("" if first else ",\n") + json.dumps(copy, separators=(",", ":")))
                first = False
        f.write("\n]}\n")
    releases = list(csv.DictReader(open(os.path.join(demo, "release_events.csv"))))
    with open(os.path.join(big, "release_events.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(releases[0].keys()))
        w.writeheader()
        for c in range(copies):
            for r in releases:
                # 98% of each release: within the computed area whatever the projection's rounding.
                w.writerow(dict(r, id=f"C{c:03d}-{r['id']}", hazard_id=f"C{c:03d}-{r['hazard_id']}", activity_id="",
                                area_m2=str(max(1, int(r["area_m2"]) * 98 // 100))))
    return len(features) * copies, len(releases) * copies


class Target:
    """Where the stores live: SQLite files in a directory, or databases on one PostgreSQL server."""

    def __init__(self, postgres: str | None, directory: str):
        self.postgres, self.directory, self.n = postgres, directory, 0

    def fresh(self, name: str) -> tuple[dict, sysutil.Store, dict]:
        """A new empty store: (environment for the binary, reader, server keyword arguments)."""
        self.n += 1
        if self.postgres:
            db = f"minefree_crash_{name}_{self.n}"
            admin = sysutil.Store(database_url=self.postgres)
            admin.rows(f'DROP DATABASE IF EXISTS "{db}"')
            admin.rows(f'CREATE DATABASE "{db}"')
            u = urllib.parse.urlsplit(self.postgres)
            url = urllib.parse.urlunsplit((u.scheme, u.netloc, "/" + db, u.query, ""))
            return {"DATABASE_URL": url}, sysutil.Store(database_url=url), {"database_url": url}
        path = os.path.join(self.directory, f"{name}-{self.n}.sqlite")
        return {"MINEFREE_DB": path}, sysutil.Store(sqlite=path), {"sqlite": path}

    def writing(self, env: dict, store: sysutil.Store) -> bool:
        """Whether a write transaction is open on the store right now."""
        if self.postgres:
            rows = store.rows("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                              "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()")
            return int(rows[0][0]) > 0
        # SQLite: the write lock is held (a writer's transaction has begun writing).
        try:
            db = sqlite3.connect(env["MINEFREE_DB"], timeout=0, isolation_level=None)
        except sqlite3.Error:
            return False
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as e:
            return "locked" in str(e) or "busy" in str(e)
        finally:
            db.close()

    @property
    def intact(self) -> str:
        return "reads back every table" if self.postgres else "passes PRAGMA integrity_check"

    @property
    def label(self) -> str:
        return "PostgreSQL" if self.postgres else "SQLite"


def wait_to_kill(target: Target, env: dict, store: sysutil.Store, running, length: float,
                window: tuple[float, float] | None, aimed: bool) -> tuple[float, bool]:
    """Sleeps until the moment of the kill: anywhere in a run of `length` seconds, or (aimed) a random part of
    the usual `window` after the write transaction is seen open. (seconds waited, the transaction is open)."""
    start = time.monotonic()

    def await_write(after: float) -> None:
        # Short writes (a session, the audit log) may come first: wait for the import's own, which the full
        # run saw open from window[0] on.
        while running() and time.monotonic() - start < 3 * length and (
                time.monotonic() - start < after or not target.writing(env, store)):
            time.sleep(0.01)

    if aimed and window:
        await_write(0.5 * window[0])
        time.sleep(rng.uniform(0.0, 0.5 * (window[1] - window[0])))
        await_write(0.0)  # the transaction may have paused between statements: kill while it is open
    else:
        time.sleep(rng.uniform(0.1, 0.95) * length)
    return time.monotonic() - start, target.writing(env, store)


def run_cli(env: dict, *args: str, **kw) -> subprocess.Popen:
    full = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MINEFREE_DB")}
    full.update(env)
    return subprocess.Popen([sysutil.BIN, *args], env=full, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)


def import_counts(store: sysutil.Store) -> tuple[int, int, int]:
    return (int(store.scalar("SELECT count(*) FROM hazardous_areas")),
            int(store.scalar("SELECT count(*) FROM land_releases")),
            int(store.scalar("SELECT count(*) FROM land_imports")))


def crash_imports(target: Target, data: str, hazards: int, releases: int, rounds: int) -> None:
    print(f"== {target.label}: kill -9 during `minefree import` of {hazards} hazards and {releases} releases")
    # One full run first: how long an import takes here, and that it stores everything.
    env, store, _ = target.fresh("import")
    out = run_cli(env, "migrate")
    out.communicate()
    start = time.monotonic()
    p = run_cli(env, "import", data)
    # When the import's write transaction is open: half the kills are aimed inside it.
    window: list[float] = []
    while p.poll() is None:
        if target.writing(env, store):
            window.append(time.monotonic() - start)
        time.sleep(0.02)
    text = p.communicate()[0].decode(errors="replace")
    length = time.monotonic() - start
    writing = (min(window), max(window)) if window else None
    print(f"  the import ran {length:.1f} s; its write transaction was seen open "
          + (f"from {writing[0]:.1f} s to {writing[1]:.1f} s" if writing else "never (too short to see)"))
    check(p.returncode == 0 and import_counts(store)[:2] == (hazards, releases),
          f"a full import stores {hazards} hazards and {releases} releases in {length:.1f} s (exit {p.returncode})"
          + ("" if p.returncode == 0 else ": " + text[-500:]))
    mid_write = 0
    for r in range(rounds):
        env, store, _ = target.fresh("import")
        run_cli(env, "migrate").communicate()
        p = run_cli(env, "import", data)
        delay, in_write = wait_to_kill(target, env, store, lambda: p.poll() is None, length, writing, r % 2 == 1)
        finished = p.poll() is not None
        p.kill()
        p.wait()
        where = f"round {r + 1}: killed after {delay:.2f} of {length:.1f} s" + (
            " (it had already finished)" if finished else " inside its write transaction" if in_write
            else " before it wrote")
        mid_write += 1 if in_write and not finished else 0
        integrity = store.integrity()
        check(integrity == "ok", f"{where}: the store {target.intact} ({integrity[:200]})")
        h, rel, imports = import_counts(store)
        check((h, rel) in ((0, 0), (hazards, releases)),
              f"{where}: the import is all there or not at all (hazards {h}, releases {rel})")
        flows = int(store.scalar("SELECT count(*) FROM land_progress_flows"))
        check((flows == 0) == (h == 0), f"{where}: progress flows ({flows}) go with the import's records")
        if h == 0 and r == rounds - 1:
            # Reopened, the store takes the same import whole.
            p = run_cli(env, "import", data)
            text = p.communicate()[0].decode(errors="replace")
            check(p.returncode == 0 and import_counts(store)[:2] == (hazards, releases),
                  f"{where}: reopened, the store takes the whole import (exit {p.returncode})"
                  + ("" if p.returncode == 0 else ": " + text[-500:]))
    if writing is not None:
        check(mid_write > 0, f"at least one kill fell inside the import's write transaction ({mid_write} of {rounds})")


def crash_uploads(target: Target, data: str, hazards: int, releases: int, rounds: int, port: int) -> None:
    """The same import uploaded to a running server by the authority; the server is killed during it."""
    print(f"== {target.label}: kill -9 of the server during the authority's upload of the same import")
    files = [(name, open(os.path.join(data, name), "rb").read()) for name in ("hazards.geojson", "release_events.csv")]
    length, window, mid_write = None, None, 0
    # The first round runs to the end: how long it takes, when it writes. An aimed round that a faster run outpaced
    # (the server answered before the kill) is run again, at most twice, so a loaded machine's timing does not
    # decide whether a kill ever lands inside the write transaction.
    schedule = list(range(rounds + 1))
    retries = 2
    while schedule:
        r = schedule.pop(0)
        env, store, server_args = target.fresh("upload")
        server = sysutil.Server(f"crash-upload-{target.label.lower()}", port, **server_args).start()
        try:
            before = import_counts(store)
            session = sysutil.web_sign_in(server.base, "authority")
            answer: list = []
            start = time.monotonic()

            def upload() -> None:
                try:
                    answer.append(sysutil.upload_import(server.base, session, files)[0])
                except OSError as e:
                    answer.append(type(e).__name__)

            thread = threading.Thread(target=upload, daemon=True)
            thread.start()
            if length is None:
                seen: list[float] = []
                while thread.is_alive():
                    if target.writing(env, store):
                        seen.append(time.monotonic() - start)
                    time.sleep(0.02)
                length = time.monotonic() - start
                window = (min(seen), max(seen)) if seen else None
                after = import_counts(store)
                check(answer == [201] and after[:2] == (before[0] + hazards, before[1] + releases),
                      f"an upload of the whole import is stored in {length:.1f} s (answer {answer}); its write "
                      "transaction was seen open " + (f"from {window[0]:.1f} s to {window[1]:.1f} s" if window else "never"))
                continue
            delay, in_write = wait_to_kill(target, env, store, thread.is_alive, length, window, r % 2 == 1)
            answered = bool(answer)
            server.kill9()
            thread.join(timeout=30)
            mid_write += 1 if in_write and not answered else 0
            if r % 2 == 1 and answered and retries > 0:
                retries -= 1
                schedule.insert(0, r)
            where = (f"upload round {r}: server killed after {delay:.2f} of {length:.1f} s"
                     + (" (it had already answered)" if answered else " inside the write transaction" if in_write
                        else " before it wrote"))
            integrity = store.integrity()
            check(integrity == "ok", f"{where}: the store {target.intact} ({integrity[:200]})")
            h, rel, _ = import_counts(store)
            check((h - before[0], rel - before[1]) in ((0, 0), (hazards, releases)),
                  f"{where}: the upload is all there or not at all ({h - before[0]} hazards, {rel - before[1]} releases added)")
            if answer == [201]:
                check((h - before[0], rel - before[1]) == (hazards, releases), f"{where}: an acknowledged upload is kept")
        finally:
            server.stop()
    if window:
        check(mid_write > 0, f"at least one kill fell inside the upload's write transaction ({mid_write} of {rounds})")


def crash_writes(target: Target, rounds: int, port: int) -> None:
    print(f"== {target.label}: kill -9 during a stream of API writes (submit and approve releases)")
    env, store, server_args = target.fresh("writes")
    acknowledged_submissions: list[str] = []   # record ids the server answered 201 for
    acknowledged_approvals: list[str] = []     # record ids whose approval was answered 200
    written = 0
    for r in range(rounds):
        # The first start loads the demo; later ones reopen the store the kill left.
        server = sysutil.Server(f"crash-{target.label.lower()}", port, demo=(r == 0), **server_args).start()
        operator = sysutil.token(server.base, "operator")
        authority = sysutil.token(server.base, "authority")
        hazards = sysutil.open_hazards(server.base, operator)
        stop_at = time.monotonic() + rng.uniform(1.0, 5.0)
        killer = threading.Timer(max(0.0, stop_at - time.monotonic()), server.kill9)
        killer.start()
        before = len(acknowledged_approvals)
        errors = 0
        while server.alive():
            written += 1
            rid = f"CRASH-{r}-{written}"
            try:
                sub, review, _ = sysutil.submit_and_approve(server.base, operator, authority, rid,
                                                            hazards[written % len(hazards)], )
            except OSError:
                break  # the kill: no answer is no acknowledgement
            if sub == 201:
                acknowledged_submissions.append(rid)
            if review == 200:
                acknowledged_approvals.append(rid)
            elif sub == 201 and server.alive():
                errors += 1
                print(f"  approval of {rid} answered {review}")
        killer.join()
        server.kill9()
        where = f"round {r + 1} (killed after {len(acknowledged_approvals) - before} approvals)"
        check(errors == 0, f"{where}: every approval made before the kill succeeded ({errors} did not)")
        integrity = store.integrity()
        check(integrity == "ok", f"{where}: the store {target.intact} ({integrity[:200]})")
        ours = "record_id LIKE 'CRASH-%'"
        submitted = {row[0] for row in store.rows(f"SELECT record_id FROM submissions WHERE {ours}")}
        approved = {row[0] for row in store.rows(f"SELECT record_id FROM submissions WHERE {ours} AND state = 'approved'")}
        stored = {row[0] for row in store.rows("SELECT local_id FROM land_releases WHERE local_id LIKE 'CRASH-%'")}
        lost = [x for x in acknowledged_submissions if x not in submitted]
        check(not lost, f"{where}: all {len(acknowledged_submissions)} acknowledged submissions are there (lost: {lost[:5]})")
        lost = [x for x in acknowledged_approvals if x not in approved or x not in stored]
        check(not lost, f"{where}: all {len(acknowledged_approvals)} acknowledged approvals are approved and their "
                        f"releases stored (lost: {lost[:5]})")
        check(approved == stored, f"{where}: a release is stored exactly when its submission reads approved "
                                  f"(approved only: {sorted(approved - stored)[:5]}, stored only: {sorted(stored - approved)[:5]})")
    check(len(acknowledged_approvals) > 0, f"{target.label}: writes were acknowledged between the kills "
                                           f"({len(acknowledged_approvals)} approvals)")
    # Reopened once more, the server answers and takes a write.
    server = sysutil.Server(f"crash-{target.label.lower()}", port, demo=False, **server_args).start()
    try:
        operator = sysutil.token(server.base, "operator")
        authority = sysutil.token(server.base, "authority")
        hazard = sysutil.open_hazards(server.base, operator)[0]
        sub, review, _ = sysutil.submit_and_approve(server.base, operator, authority, "CRASH-after", hazard)
        check((sub, review) == (201, 200), f"{target.label}: after the last kill the server takes a write ({sub}, {review})")
    finally:
        server.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--postgres", help="a PostgreSQL URL; databases are created beside it")
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("MINEFREE_CRASH_ROUNDS", "3")),
                    help="kills during API writes")
    ap.add_argument("--import-rounds", type=int, default=int(os.environ.get("MINEFREE_CRASH_IMPORT_ROUNDS", "2")),
                    help="kills during `minefree import`")
    ap.add_argument("--upload-rounds", type=int, default=int(os.environ.get("MINEFREE_CRASH_UPLOAD_ROUNDS", "2")),
                    help="kills of the server during an upload of the import")
    ap.add_argument("--port", type=int, default=18094)
    args = ap.parse_args()
    print(f"crash test: seed {SEED} (MINEFREE_CRASH_SEED repeats a run)")
    directory = tempfile.mkdtemp(prefix="minefree-crash-")
    try:
        hazards, releases = make_dataset(directory, copies=16)
        target = Target(args.postgres, directory)
        data = os.path.join(directory, "big")
        crash_imports(target, data, hazards, releases, args.import_rounds)
        crash_uploads(target, data, hazards, releases, args.upload_rounds, args.port)
        crash_writes(target, args.rounds, args.port)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    sysutil.finish("crash test (" + ("PostgreSQL" if args.postgres else "SQLite") + ")")


if __name__ == "__main__":
    main()
