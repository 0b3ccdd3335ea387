#!/usr/bin/env python3
"""Reads wrk --latency output (stdin) into one tab-separated result line; with --table, turns those lines into
the markdown table of docs/BENCHMARKS.md (stdout) and a JSON file (file descriptor 3). Used by serve_load.sh."""
import json
import os
import re
import sys


def ms(text):
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    if not m:
        return None
    v = float(m.group(1))
    return {"us": v / 1000, "ms": v, "s": v * 1000}[m.group(2)]


def parse(name, target, text):
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    total = re.search(r"(\d+) requests in", text)
    errors = int(non2xx.group(1)) if non2xx else 0
    timeouts = 0
    if sock:
        errors += int(sock.group(1)) + int(sock.group(2)) + int(sock.group(3))
        timeouts = int(sock.group(4))
    return [name, target, rps.group(1) if rps else "0", str(ms(p50.group(1)) if p50 else ""),
            str(ms(p99.group(1)) if p99 else ""), str(errors), str(timeouts), total.group(1) if total else "0"]


def table(scale, db, peak_kb, connections, duration):
    rows = [line.rstrip("\n").split("\t") for line in sys.stdin if line.strip()]
    out = [f"MineFree, S={scale}, {db}, wrk {connections} connections x {duration} s; server peak memory "
           f"{int(peak_kb) / 1024:.0f} MiB\n",
           "| read | req/s | p50 ms | p99 ms | errors | time-outs | requests |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    data = {"scale": int(scale), "database": db, "peak_rss_mib": round(int(peak_kb) / 1024), "rows": []}
    for name, target, rps, p50, p99, errors, timeouts, total in rows:
        out.append(f"| {name} | {float(rps):,.0f} | {float(p50 or 0):.1f} | {float(p99 or 0):.1f} | {errors} | "
                   f"{timeouts} | {int(total):,} |")
        data["rows"].append({"read": name, "target": target, "rps": float(rps), "p50_ms": float(p50 or 0),
                             "p99_ms": float(p99 or 0), "errors": int(errors), "timeouts": int(timeouts),
                             "requests": int(total)})
    print("\n".join(out))
    with os.fdopen(3, "w") as f:
        json.dump(data, f, indent=1)


if __name__ == "__main__":
    if sys.argv[1] == "--table":
        table(*sys.argv[2:7])
    else:
        print("\t".join(parse(sys.argv[1], sys.argv[2], sys.stdin.read())))
