#!/usr/bin/env python3
"""How far apart are the ways of measuring a hazard polygon's area?

Methods compared (docs/AREAS.md):
  sphere     MineFree's spherical LAEA (R = 6,371,008.8 m) centred on the polygon set (computed by the Swift code)
  wgs84      MineFree's ellipsoidal LAEA (WGS84) centred on the polygon set (computed by the Swift code)
  epsg3035   planar area in EPSG:3035 (ETRS89 / LAEA Europe), projected by PROJ
  geodesic   pyproj Geod(ellps="WGS84").polygon_area_perimeter (GeographicLib: geodesic edges)
  utm        planar area in the WGS84 UTM zone of the band's centre: what many GIS users measure in, though
             it is not equal-area (scale 0.9996 on the central meridian, more towards the zone's edges)
and, to check MineFree's two projections against PROJ itself, the same LAEA definitions evaluated by PROJ
(proj_sphere, proj_wgs84) with the centres MineFree chose.

  area_methods.py generate --out polygons.json       test polygons: six latitude bands, star-shaped and
                                                     elongated, 100 m² to 5 km²
  area_methods.py compare --polygons polygons.json --minefree minefree.json
                                                     the table (markdown) from MineFree's areas and pyproj's
  area_methods.py workload --data DIR                the benchmark's hazards (gen_dataset.py) in the WGS84
                                                     plane: how many stated areas it would refuse

bench/area_methods.sh runs both around a scratch Swift program. Needs numpy and pyproj (pip install pyproj).
"""
import argparse
import json
import math

import numpy as np
from pyproj import Geod, Transformer

# Where mine-action data lies at each latitude: (name, lon_min, lon_max, lat_min, lat_max), about a country's
# contaminated extent, so a projection centred on the set sees polygons up to a few hundred km from its centre.
# Polygon centres are uniform in the box.
BANDS = [
    ("5N Colombia", -77.0, -73.0, 3.0, 7.0),
    ("35N Iraq", 42.0, 46.0, 33.5, 36.5),
    ("38.5N Tajikistan", 67.5, 71.5, 37.0, 40.0),
    ("40N Azerbaijan", 44.8, 50.4, 38.4, 41.9),
    ("44N Bosnia", 16.0, 19.5, 43.0, 45.0),
    ("60N Karelia", 27.0, 33.0, 59.0, 61.0),
    # A large country in one set: polygons up to 800 km from the centre, where straight edges and geodesics part most.
    ("48N Ukraine", 22.0, 40.0, 44.5, 52.0),
]
PER_SHAPE = 750  # polygons per shape per band
MIN_AREA, MAX_AREA = 100.0, 5e6
MAX_STEP = 4500.0  # metres between consecutive vertices, under the import's 5 km jump rule

A = 6378137.0
E2 = 1 / 298.257223563 * (2 - 1 / 298.257223563)


def offsets_to_lonlat(lon0, lat0, east, north):
    """Local metres to degrees with the ellipsoid's radii of curvature at the polygon's centre. Only the target
    area depends on it: every method measures the same coordinates."""
    phi = math.radians(lat0)
    w = math.sqrt(1 - E2 * math.sin(phi) ** 2)
    n = A / w
    m = A * (1 - E2) / w**3
    return lon0 + np.degrees(east / (n * math.cos(phi))), lat0 + np.degrees(north / m)


def shoelace(x, y):
    """Planar area of an open ring; shifted to its first vertex so large false eastings cost no digits."""
    x = np.asarray(x, float) - x[0]
    y = np.asarray(y, float) - y[0]
    return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))


def star(rng, area):
    """A ring star-shaped around its centre (like the benchmark's hazards): angles strictly increasing."""
    n = int(rng.integers(6, 41))
    t = (np.arange(n) + rng.uniform(-0.35, 0.35, n)) * 2 * math.pi / n
    r = rng.uniform(0.45, 1.0, n)
    x, y = r * np.cos(t), r * np.sin(t)
    s = math.sqrt(area / shoelace(x, y))
    return x * s, y * s


def strip(rng, area):
    """An elongated strip (a minefield along a front line or a road): length/width 4–30, sides jittered,
    long sides split so no step exceeds MAX_STEP, rotated to a random bearing."""
    aspect = rng.uniform(4, 30)
    width = math.sqrt(area / aspect)
    length = width * aspect
    k = max(int(math.ceil(length / MAX_STEP)) + 1, int(rng.integers(2, 20)))
    u = np.linspace(-length / 2, length / 2, k)
    top = width / 2 * rng.uniform(0.8, 1.2, k)
    bottom = -width / 2 * rng.uniform(0.8, 1.2, k)
    x = np.concatenate([u, u[::-1]])
    y = np.concatenate([bottom, top[::-1]])
    a = rng.uniform(0, math.pi)
    x, y = x * math.cos(a) - y * math.sin(a), x * math.sin(a) + y * math.cos(a)
    s = math.sqrt(area / shoelace(x, y))
    return x * s, y * s


def generate(out, seed):
    rng = np.random.default_rng(seed)
    polygons = []
    for name, lon_min, lon_max, lat_min, lat_max in BANDS:
        for shape, make in (("star", star), ("strip", strip)):
            for _ in range(PER_SHAPE):
                area = math.exp(rng.uniform(math.log(MIN_AREA), math.log(MAX_AREA)))
                x, y = make(rng, area)
                if np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y) < 0:
                    x, y = x[::-1], y[::-1]  # counter-clockwise, as GeoJSON wants
                lon0, lat0 = rng.uniform(lon_min, lon_max), rng.uniform(lat_min, lat_max)
                lon, lat = offsets_to_lonlat(lon0, lat0, x, y)
                ring = [[float(a), float(b)] for a, b in zip(lon, lat)]
                ring.append(ring[0])
                polygons.append({"band": name, "shape": shape, "ring": ring})
    with open(out, "w") as f:
        json.dump({"seed": seed, "bands": [b[0] for b in BANDS], "polygons": polygons}, f)
    print(f"{len(polygons)} polygons in {out}")


def proj_area(transformer, ring):
    x, y = transformer.transform([p[0] for p in ring[:-1]], [p[1] for p in ring[:-1]])
    return shoelace(x, y)


def compare(polygons_path, minefree_path):
    with open(polygons_path) as f:
        data = json.load(f)
    with open(minefree_path) as f:
        mf = json.load(f)
    polys = data["polygons"]
    geod = Geod(ellps="WGS84")
    to3035 = Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True)
    centred, utm = {}, {}
    for band, (lon0, lat0) in mf["centres"].items():
        centred[band] = (
            Transformer.from_crs("EPSG:4326", f"+proj=laea +lat_0={lat0!r} +lon_0={lon0!r} +R=6371008.8", always_xy=True),
            Transformer.from_crs("EPSG:4326", f"+proj=laea +lat_0={lat0!r} +lon_0={lon0!r} +ellps=WGS84", always_xy=True),
        )
        zone = int((lon0 + 180) // 6) + 1
        utm[band] = (zone, Transformer.from_crs("EPSG:4326", f"EPSG:{32600 + zone}", always_xy=True))
    methods = ("sphere", "wgs84", "epsg3035", "geodesic", "utm", "proj_sphere", "proj_wgs84")
    areas = {m: np.empty(len(polys)) for m in methods}
    for i, p in enumerate(polys):
        ring = p["ring"]
        areas["sphere"][i] = mf["sphere"][i]
        areas["wgs84"][i] = mf["wgs84"][i]
        areas["geodesic"][i] = abs(geod.polygon_area_perimeter([q[0] for q in ring], [q[1] for q in ring])[0])
        areas["epsg3035"][i] = proj_area(to3035, ring)
        areas["utm"][i] = proj_area(utm[p["band"]][1], ring)
        ts, tw = centred[p["band"]]
        areas["proj_sphere"][i] = proj_area(ts, ring)
        areas["proj_wgs84"][i] = proj_area(tw, ring)
    bands = np.array([p["band"] for p in polys])
    shapes = np.array([p["shape"] for p in polys])
    ref = areas["geodesic"]
    print(f"\n{len(polys)} polygons, {ref.min():.0f} to {ref.max():.0f} m² (geodesic), seed {data['seed']}")
    print("Centres MineFree chose (lon, lat): " + "; ".join(f"{b} {mf['centres'][b][0]:.4f}, {mf['centres'][b][1]:.4f}" for b in data["bands"]))
    print("UTM zones: " + "; ".join(f"{b} {utm[b][0]}N" for b in data["bands"]))
    if "forward_ns" in mf:
        print("forward() per vertex (release build): " + ", ".join(f"{k} {v:.1f} ns" for k, v in mf["forward_ns"].items()))

    pairs = [
        ("sphere", "geodesic"), ("wgs84", "geodesic"), ("epsg3035", "geodesic"), ("wgs84", "epsg3035"),
        ("sphere", "wgs84"), ("utm", "geodesic"), ("wgs84", "proj_wgs84"), ("sphere", "proj_sphere"),
    ]
    # Below a hectare GeographicLib's own sum carries about 1e-4 m² of rounding, which is 1e-6 of 100 m²: the
    # second table shows the methods' differences without that floor.
    for title, big in (("all shapes and sizes", ref >= 0), ("polygons of 1 ha (10,000 m²) or more", ref >= 1e4)):
        print(f"\nRelative difference (a − b)/b: median (signed) / max |·| per band; {title}")
        print("\n| a vs b | " + " | ".join(data["bands"]) + " |")
        print("|---|" + "---|" * len(data["bands"]))
        for a, b in pairs:
            rel = (areas[a] - areas[b]) / areas[b]
            cells = []
            for band in data["bands"]:
                r = rel[(bands == band) & big]
                cells.append(f"{np.median(r):+.2e} / {np.max(np.abs(r)):.1e}")
            print(f"| {a} vs {b} | " + " | ".join(cells) + " |")

    print("\nWorst absolute difference |a − b| in m², all bands, by size (geodesic area)")
    sizes = [(100, 1e3), (1e3, 1e4), (1e4, 1e5), (1e5, 1e6), (1e6, 5e6 + 1)]
    print("\n| a vs b | " + " | ".join(f"{lo:.0e}–{hi:.0e} m²" for lo, hi in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for a, b in pairs:
        d = np.abs(areas[a] - areas[b])
        cells = []
        for lo, hi in sizes:
            sel = (ref >= lo) & (ref < hi)
            cells.append(f"{d[sel].max():.2g}" if sel.any() else "–")
        print(f"| {a} vs {b} | " + " | ".join(cells) + " |")

    print("\nShape: max |relative difference| over all bands, star-shaped vs elongated")
    print("\n| a vs b | star | strip |")
    print("|---|---|---|")
    for a, b in pairs:
        rel = np.abs((areas[a] - areas[b]) / areas[b])
        print(f"| {a} vs {b} | {rel[shapes == 'star'].max():.1e} | {rel[shapes == 'strip'].max():.1e} |")

    # The import's rule 6: |stated − computed| > 1 m² + tol × computed refuses. Stated = a GIS's area, rounded to
    # an integer as area_m2 is.
    print("\nPolygons the import would refuse (of each band's) if area_m2 = round(GIS area) and MineFree computes")
    print("\n| MineFree computes | GIS stated | tolerance | " + " | ".join(data["bands"]) + " |")
    print("|---|---|---|" + "---|" * len(data["bands"]))
    for computed in ("sphere", "wgs84"):
        for stated in ("geodesic", "epsg3035", "utm"):
            for tol in (0.001, 1e-4):
                bad = np.abs(np.round(areas[stated]) - areas[computed]) > 1 + tol * areas[computed]
                cells = [f"{int(bad[bands == band].sum())}/{int((bands == band).sum())}" for band in data["bands"]]
                print(f"| {computed} | {stated} | 1 m² + {tol * 100:g} % | " + " | ".join(cells) + " |")


def workload(data_dir):
    """The benchmark's hazards (gen_dataset.py) measured in the WGS84 plane centred as the import centres it:
    how many of their area_m2, rounded from the sphere's area, would be refused."""
    with open(f"{data_dir}/hazards.geojson") as f:
        feats = json.load(f)["features"]
    firsts = np.array([h["geometry"]["coordinates"][0][0] for h in feats])
    lon0 = float(firsts[:, 0].min() + firsts[:, 0].max()) / 2
    lat0 = float(firsts[:, 1].min() + firsts[:, 1].max()) / 2
    wgs84 = Transformer.from_crs("EPSG:4326", f"+proj=laea +lat_0={lat0!r} +lon_0={lon0!r} +ellps=WGS84", always_xy=True)
    sphere = Transformer.from_crs("EPSG:4326", "+proj=laea +lat_0=40.15 +lon_0=47.6 +R=6371008.8", always_xy=True)
    stated = np.array([h["properties"]["area_m2"] for h in feats], float)
    aw = np.array([proj_area(wgs84, h["geometry"]["coordinates"][0]) for h in feats])
    asph = np.array([proj_area(sphere, h["geometry"]["coordinates"][0]) for h in feats])
    rel = (stated - aw) / aw
    print(f"{len(feats)} hazards; WGS84 plane centred on {lon0:.4f}, {lat0:.4f}")
    print(f"(area_m2 − WGS84 area)/WGS84 area: median {np.median(rel):+.2e}, max |·| {np.abs(rel).max():.2e}")
    for name, computed in (("workload sphere", asph), ("WGS84 LAEA", aw)):
        bad = int((np.abs(stated - computed) > 1 + 0.001 * computed).sum())
        print(f"refused at 1 m² + 0.1 % in the {name} plane: {bad}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--out", required=True)
    g.add_argument("--seed", type=int, default=7)
    c = sub.add_parser("compare")
    c.add_argument("--polygons", required=True)
    c.add_argument("--minefree", required=True)
    w = sub.add_parser("workload")
    w.add_argument("--data", required=True, help="a directory written by ../shared/bench/gen_dataset.py")
    args = ap.parse_args()
    if args.cmd == "generate":
        generate(args.out, args.seed)
    elif args.cmd == "compare":
        compare(args.polygons, args.minefree)
    else:
        workload(args.data)


if __name__ == "__main__":
    main()
