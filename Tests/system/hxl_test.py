#!/usr/bin/env python3
"""HXL: every layer's CSV export, as `minefree export LAYER --format csv` writes it from a store holding the demo
programme (imported by `minefree serve --demo`), is valid HXL for libhxl (PyPI `libhxl`, the Humanitarian Exchange
Language's reference library):

  - `hxlvalidate` with libhxl's default core schema reports no error (dates are dates, #affected, #reached and
    #population numbers...) and exits 0; its warnings and suggestions are printed, not failed on
  - the hashtag row is the second row, right under the header, and every column has a hashtag libhxl parses
  - libhxl reads the same columns: each header over its hashtag
  - records about people are pseudonymised unless exported identified (personal data: --identified, a purpose,
    who reads)
"""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys

import hxl
import hxl.model

import sysutil
from sysutil import check

PORT = int(os.environ.get("MINEFREE_HXL_PORT", "18097"))
# The demo programme records no hazard revision: its export is a header and a hashtag row only.
EMPTY_IN_DEMO = {"hazard_revisions"}
# libhxl's command-line tool; where pip put its scripts off PATH, the same entry point through this Python.
HXLVALIDATE = ([shutil.which("hxlvalidate")] if shutil.which("hxlvalidate") else
               [sys.executable, "-c", "import sys; from hxl.scripts import hxlvalidate; sys.argv[0] = 'hxlvalidate'; "
                "hxlvalidate()"])


def minefree(store: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MINEFREE_DB")}
    env["MINEFREE_DB"] = store
    return subprocess.run([sysutil.BIN, *args], env=env, capture_output=True, text=True, timeout=300)


def layers(store: str) -> list[str]:
    """The layers `minefree layers` lists: the first column of its table, under the header and the rule."""
    out = minefree(store, "layers")
    if out.returncode != 0:
        raise RuntimeError(f"minefree layers: {out.returncode} {out.stderr}")
    lines = out.stdout.splitlines()
    return [line.split()[0] for line in lines[2:] if line.strip()]


def validate(name: str, path: str) -> None:
    """hxlvalidate with the default schema: exit status 0 and no error in its closing count."""
    run = subprocess.run([*HXLVALIDATE, path], capture_output=True, text=True, timeout=300)
    report = run.stdout.strip()
    counts = re.search(r"^([\d,]+) error\(s\), ([\d,]+) warnings, ([\d,]+) suggestions$", report, re.MULTILINE)
    errors = int(counts.group(1).replace(",", "")) if counts else -1
    if not check(run.returncode == 0 and errors == 0,
                 f"{name}: hxlvalidate exits {run.returncode}, "
                 + (f"{counts.group(1)} error(s), {counts.group(2)} warnings, {counts.group(3)} suggestions"
                    if counts else "no count in its report")):
        print(report[-4000:] + ("\n" + run.stderr[-2000:] if run.stderr else ""))
    elif counts.group(2) != "0" or counts.group(3) != "0":
        # Warnings and suggestions (whitespace, outliers, spelling) are reported, not failed on.
        print("\n".join("      " + line for line in report.splitlines()[1:-2][:20]))


def hashtags(name: str, path: str, text: str) -> None:
    """The second row holds a hashtag for every column, each one libhxl parses; libhxl finds the same columns."""
    rows = list(csv.reader(io.StringIO(text)))
    if not check(len(rows) >= 2, f"{name}: a header and a hashtag row ({len(rows)} rows)"):
        return
    header, tags = rows[0], rows[1]
    check(len(tags) == len(header) and all(t.startswith("#") for t in tags),
          f"{name}: the second row is the hashtag row, one hashtag for each of the {len(header)} columns: {tags}")
    unparsed = [t for t in tags if hxl.model.Column.parse(t, use_exception=False) is None]
    check(not unparsed, f"{name}: libhxl parses every hashtag (not: {unparsed})")
    columns = hxl.data(path, hxl.InputOptions(allow_local=True)).columns
    check([c.header for c in columns] == header and [c.display_tag for c in columns] == tags,
          f"{name}: libhxl reads the header over the hashtags "
          f"({[(c.header, c.display_tag) for c in columns][:4]}...)")


def main() -> None:
    server = sysutil.Server("hxl", PORT).start()
    try:
        server.stop()  # the demo is imported; the exports read its store
        out = os.path.join(sysutil.OUT, "hxl")
        os.makedirs(out, exist_ok=True)
        names = layers(server.sqlite)
        check(len(names) >= 20 and {"casualties", "survivors", "eore_sessions", "personal_data"} <= set(names),
              f"minefree layers lists every layer ({len(names)}: {', '.join(names)})")
        for name in names:
            args = ["export", name, "--format", "csv"]
            if name == "personal_data":
                args += ["--identified", "--purpose", "system test: HXL validation of the export", "--by",
                         "system-test"]
            run = minefree(server.sqlite, *args)
            if not check(run.returncode == 0, f"{name}: minefree {' '.join(args)} exits {run.returncode}"):
                print(run.stderr[-2000:])
                continue
            path = os.path.join(out, f"{name}.csv")
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(run.stdout)
            records = len(list(csv.reader(io.StringIO(run.stdout)))) - 2
            if name not in EMPTY_IN_DEMO:
                check(records > 0, f"{name}: {records} records exported")
            hashtags(name, path, run.stdout)
            validate(name, path)
            if name in ("casualties", "survivors", "assistance_needs", "assistance_services"):
                check(not re.search(r"\b(CS|SV)-\d{4}\b", run.stdout),
                      f"{name}: pseudonymised by default (no casualty or survivor id)")
            if name == "personal_data":
                named = re.findall(r",Demo person (S?)\d\d,", run.stdout)
                check("S" in named and "" in named,
                      "personal_data: the identified export holds the demo's casualties and survivors by name")
    finally:
        server.cleanup()
    sysutil.finish("HXL test")


if __name__ == "__main__":
    main()
