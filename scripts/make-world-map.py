#!/usr/bin/env python3
"""Converts Natural Earth's country outlines into the site's compact world map.

Run by hand, once, when the outlines should change; the output is committed:

    python3 -m pip install pycountry      # ISO 3166 alpha-3 to alpha-2, at convert time only
    python3 scripts/make-world-map.py     # writes Sources/QRSite/WorldMap+Outlines.swift

The outlines are Natural Earth's 1:110m admin-0 countries (public domain), as Debian's
`python3-geopandas` package ships them (`geopandas/datasets/naturalearth_lowres`). The
script fetches that package with `apt-get download` (nothing is installed), reads its
shapefile and dBase table with the standard library, projects every ring with the Equal
Earth projection, simplifies it (Douglas-Peucker), drops Antarctica and specks smaller
than a few pixels, and writes each country as an SVG path in whole units, keyed by the
ISO alpha-2 code that GeoIP databases report.

`--shapefile DIR` reads an already extracted `naturalearth_lowres` folder instead.
`--check` exits 1 if the committed file differs from what the script would write.
"""
import argparse
import glob
import math
import os
import struct
import subprocess
import sys
import tempfile

OUTPUT = os.path.join(os.path.dirname(__file__), "..", "Sources", "QRSite", "WorldMap+Outlines.swift")
# Units per radian-ish: the map is WIDTH units wide; y is cropped to the inhabited latitudes.
WIDTH = 900
NORTH, SOUTH = 84.0, -57.0
TOLERANCE = 0.7          # Douglas-Peucker tolerance in map units
SPECK = 6.0              # rings of less area (map units²) are dropped, unless a country's only one
# Natural Earth codes that are not ISO 3166 alpha-3, or that fold into a neighbour as GeoIP reports them.
OVERRIDES = {"-99": None, "KOS": "XK", "CYN": "CY", "SOL": "SO"}
NAME_OVERRIDES = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO", "France": "FR", "Norway": "NO"}


def equal_earth(lon, lat):
    """Šavrič, Patterson and Jenny's Equal Earth projection, in unit radius."""
    a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
    m = math.sqrt(3) / 2
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(m * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = 2 * math.sqrt(3) * lam * math.cos(theta) / (3 * (9 * a4 * t6 * t2 + 7 * a3 * t6 + 3 * a2 * t2 + a1))
    y = theta * (a4 * t6 * t2 + a3 * t6 + a2 * t2 + a1)
    return x, y


SCALE = WIDTH / (2 * equal_earth(180, 0)[0])
TOP = equal_earth(0, NORTH)[1]
HEIGHT = round((TOP - equal_earth(0, SOUTH)[1]) * SCALE)


def project(lon, lat):
    x, y = equal_earth(lon, max(SOUTH, min(NORTH, lat)))
    return (x * SCALE + WIDTH / 2, (TOP - y) * SCALE)


def read_dbf(path, encoding):
    data = open(path, "rb").read()
    count, header, length = struct.unpack("<IHH", data[4:12])
    fields, offset = [], 32
    while data[offset] != 0x0D:
        name = data[offset:offset + 11].split(b"\0")[0].decode()
        fields.append((name, data[offset + 16]))
        offset += 32
    rows = []
    for index in range(count):
        start = header + index * length + 1
        row, at = {}, start
        for name, size in fields:
            row[name] = data[at:at + size].decode(encoding).strip()
            at += size
        rows.append(row)
    return rows


def read_shp(path):
    data = open(path, "rb").read()
    offset, shapes = 100, []
    while offset < len(data):
        _, words = struct.unpack(">ii", data[offset:offset + 8])
        content = data[offset + 8:offset + 8 + words * 2]
        offset += 8 + words * 2
        kind = struct.unpack("<i", content[:4])[0]
        if kind != 5:
            shapes.append([])
            continue
        parts, points = struct.unpack("<ii", content[36:44])
        starts = struct.unpack(f"<{parts}i", content[44:44 + 4 * parts])
        base = 44 + 4 * parts
        xy = struct.unpack(f"<{points * 2}d", content[base:base + 16 * points])
        coords = list(zip(xy[0::2], xy[1::2]))
        ends = list(starts[1:]) + [points]
        shapes.append([coords[s:e] for s, e in zip(starts, ends)])
    return shapes


def simplify(points, tolerance):
    """Douglas-Peucker, iterative."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        best, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs(dy * (px - x1) - dx * (py - y1)) / norm if norm else math.hypot(px - x1, py - y1)
            if d > best:
                best, index = d, i
        if best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def area(ring):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))) / 2


def path(rings):
    """Rings as one SVG path in whole units: an absolute move, then relative lines."""
    out = []
    for ring in rings:
        pts = [(round(x), round(y)) for x, y in ring]
        dedup = [pts[0]] + [p for prev, p in zip(pts, pts[1:]) if p != prev]
        if dedup[-1] == dedup[0]:
            dedup.pop()
        if len(dedup) < 3:
            continue
        text = f"M{dedup[0][0]} {dedup[0][1]}l"
        numbers = []
        for (x0, y0), (x1, y1) in zip(dedup, dedup[1:]):
            numbers += [x1 - x0, y1 - y0]
        for value in numbers:
            text += (str(value) if value < 0 or text.endswith("l") else " " + str(value))
        out.append(text + "z")
    return "".join(out)


def alpha2(row):
    import pycountry
    code = row.get("iso_a3", "")
    if row.get("name") in NAME_OVERRIDES:
        return NAME_OVERRIDES[row["name"]]
    if code in OVERRIDES:
        return OVERRIDES[code]
    country = pycountry.countries.get(alpha_3=code)
    return country.alpha_2 if country else None


def shapefile_folder(argument):
    if argument:
        return argument
    work = tempfile.mkdtemp()
    subprocess.run(["apt-get", "download", "python3-geopandas"], cwd=work, check=True, stdout=subprocess.DEVNULL)
    package = glob.glob(os.path.join(work, "*.deb"))[0]
    subprocess.run(["dpkg-deb", "-x", package, os.path.join(work, "x")], check=True)
    return glob.glob(os.path.join(work, "x", "**", "naturalearth_lowres"), recursive=True)[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shapefile")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    folder = shapefile_folder(args.shapefile)
    encoding = open(os.path.join(folder, "naturalearth_lowres.cpg")).read().strip() or "latin-1"
    rows = read_dbf(os.path.join(folder, "naturalearth_lowres.dbf"), encoding)
    shapes = read_shp(os.path.join(folder, "naturalearth_lowres.shp"))
    countries = {}
    for row, rings in zip(rows, shapes):
        code = alpha2(row)
        if code is None or code == "AQ":
            continue
        projected = [simplify([project(x, y) for x, y in ring], TOLERANCE) for ring in rings]
        big = [r for r in projected if area(r) >= SPECK]
        kept = big or sorted(projected, key=area)[-1:]
        name = None if row["name"] in ("N. Cyprus", "Somaliland") else row["name"]
        entry = countries.setdefault(code, {"name": name, "rings": []})
        entry["name"] = entry["name"] or name
        entry["rings"] += kept
    lines = [
        "// Generated by scripts/make-world-map.py from Natural Earth's 1:110m countries (public",
        "// domain) as Debian's python3-geopandas ships them. Do not edit: run the script.",
        "",
        "extension WorldMap {",
        f"    static let width = {WIDTH}",
        f"    static let height = {HEIGHT}",
        "",
        "    /// Every country's outline: ISO 3166 alpha-2 code, English name, SVG path in map units.",
        "    static let outlines: [(code: String, name: String, path: String)] = [",
    ]
    for code in sorted(countries):
        entry = countries[code]
        d = path(entry["rings"])
        if not d:
            continue
        name = entry["name"].replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'        ("{code}", "{name}", "{d}"),')
    import pycountry
    lines += ["    ]", "",
              "    /// Every ISO 3166 country's short English name (from pycountry), for the countries",
              "    /// too small for the outlines too.",
              "    static let names: [String: String] = ["]
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        name = getattr(country, "common_name", None) or country.name
        lines.append(f'        "{country.alpha_2}": "{name}",')
    lines += ['        "XK": "Kosovo",', "    ]", "}", ""]
    text = "\n".join(lines)
    if args.check:
        current = open(OUTPUT).read() if os.path.exists(OUTPUT) else ""
        sys.exit(0 if current == text else 1)
    with open(OUTPUT, "w") as out:
        out.write(text)
    print(f"{len(countries)} countries, {len(text)} bytes, {WIDTH}x{HEIGHT} -> {os.path.relpath(OUTPUT)}")


if __name__ == "__main__":
    main()
