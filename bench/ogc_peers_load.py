#!/usr/bin/env python3
"""Load a GeoJSON FeatureCollection of polygons into a PostGIS table, for bench/ogc_peers.sh.

Usage: ogc_peers_load.py --dsn postgresql://postgres@127.0.0.1:54399/db --geojson hazards.geojson [--table hazards]

The table gets one column per property (types inferred from the values: bigint, double precision,
boolean, date for ISO dates, else text), the property named by --id (default `id`) as its primary key,
and `geom geometry(Polygon|MultiPolygon, 4326)` with a GIST index. Rows go in in file order: COPY into
an unlogged staging table with the geometry as GeoJSON text, then one INSERT ... SELECT that parses it
with ST_GeomFromGeoJSON. Ends with VACUUM ANALYZE. Needs psycopg2.
"""
import argparse
import csv
import io
import json
import re
import sys
import time

import psycopg2
from psycopg2 import sql

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def column_type(values):
    present = [v for v in values if v is not None]
    if not present:
        return "text"
    if all(isinstance(v, bool) for v in present):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "bigint"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "double precision"
    if all(isinstance(v, str) and DATE.match(v) for v in present):
        return "date"
    return "text"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dsn", required=True)
    ap.add_argument("--geojson", required=True)
    ap.add_argument("--table", default="hazards")
    ap.add_argument("--id", default="id", help="property used as the primary key")
    a = ap.parse_args()

    t0 = time.monotonic()
    with open(a.geojson, encoding="utf-8") as f:
        features = json.load(f)["features"]
    if not features:
        sys.exit(f"{a.geojson}: no features")

    names = []
    for feat in features:
        for k in feat.get("properties") or {}:
            if k not in names:
                names.append(k)
    if a.id not in names:
        sys.exit(f"{a.geojson}: no property {a.id!r} for the primary key")
    types = {n: column_type([(feat.get("properties") or {}).get(n) for feat in features]) for n in names}
    kinds = {feat["geometry"]["type"] for feat in features if feat.get("geometry")}
    if not kinds <= {"Polygon", "MultiPolygon"}:
        sys.exit(f"{a.geojson}: geometry types {sorted(kinds)}, expected polygons")
    gtype = "Polygon" if kinds == {"Polygon"} else "MultiPolygon"

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for feat in features:
        p = feat.get("properties") or {}
        row = []
        for n in names:
            v = p.get(n)
            row.append("" if v is None else ("true" if v is True else "false" if v is False else v))
        row.append(json.dumps(feat["geometry"], separators=(",", ":")) if feat.get("geometry") else "")
        w.writerow(row)
    buf.seek(0)
    t_read = time.monotonic() - t0

    table = sql.Identifier(a.table)
    stage = sql.Identifier(a.table + "_geojson_stage")
    cols = [sql.Identifier(n) for n in names]
    geom_expr = sql.SQL("ST_SetSRID(ST_GeomFromGeoJSON(g), 4326)")
    if gtype == "MultiPolygon":
        geom_expr = sql.SQL("ST_Multi({})").format(geom_expr)

    conn = psycopg2.connect(a.dsn)
    try:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(table))
            cur.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(stage))
            defs = [
                sql.SQL("{} {}{}").format(
                    sql.Identifier(n), sql.SQL(types[n]), sql.SQL(" PRIMARY KEY" if n == a.id else "")
                )
                for n in names
            ]
            defs.append(sql.SQL("geom geometry({}, 4326) NOT NULL").format(sql.SQL(gtype)))
            cur.execute(sql.SQL("CREATE TABLE {} ({})").format(table, sql.SQL(", ").join(defs)))
            stage_defs = [sql.SQL("{} text").format(c) for c in cols] + [sql.SQL("g text")]
            cur.execute(sql.SQL("CREATE UNLOGGED TABLE {} ({})").format(stage, sql.SQL(", ").join(stage_defs)))
            cur.copy_expert(
                sql.SQL("COPY {} FROM STDIN WITH (FORMAT csv)").format(stage).as_string(conn), buf
            )
            casts = [
                sql.SQL("NULLIF({}, '')::{}").format(c, sql.SQL(types[n])) if types[n] != "text" else c
                for n, c in zip(names, cols)
            ]
            cur.execute(
                sql.SQL("INSERT INTO {} ({}, geom) SELECT {}, {} FROM {}").format(
                    table, sql.SQL(", ").join(cols), sql.SQL(", ").join(casts), geom_expr, stage
                )
            )
            cur.execute(sql.SQL("DROP TABLE {}").format(stage))
            cur.execute(
                sql.SQL("CREATE INDEX {} ON {} USING GIST (geom)").format(
                    sql.Identifier(a.table + "_geom_idx"), table
                )
            )
        conn.commit()
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(sql.SQL("VACUUM ANALYZE {}").format(table))
            cur.execute(sql.SQL("SELECT count(*) FROM {}").format(table))
            n = cur.fetchone()[0]
    finally:
        conn.close()
    schema = ", ".join(f"{k} {v}" for k, v in types.items())
    print(
        f"loaded {n} rows into {a.table} ({schema}, geom geometry({gtype},4326)) "
        f"in {time.monotonic() - t0:.1f} s (read {t_read:.1f} s)"
    )
    if n != len(features):
        sys.exit(f"expected {len(features)} rows")


if __name__ == "__main__":
    main()
