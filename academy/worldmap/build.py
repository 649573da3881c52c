"""Build the world map's geometry once, from Natural Earth's 1:110m countries
as the npm package world-atlas redistributes them (TopoJSON): each country
projected (Equal Earth), rounded, and written as one SVG path whose id is its
ISO 3166-1 alpha-2 code.

    make world-map

downloads world-atlas WORLD_ATLAS_VERSION from the npm registry (checked
against its published SHA-512), reads the ISO numeric codes with pycountry,
and writes static/maps/world.svg (every outline: the grey base of every
map, and what a map's <use> shades, by id) and academy/worldmap/world.json
(each coded country's bounding box, which frames a map). The
site never downloads anything: both files are committed, with their source
and licence in academy/worldmap/SOURCE.md. Run it again only to change the
geometry.
"""

import base64
import hashlib
import io
import json
import math
import sys
import tarfile
import urllib.request
from pathlib import Path

import pycountry

WORLD_ATLAS_VERSION = "2.0.2"
TARBALL = (
    f"https://registry.npmjs.org/world-atlas/-/world-atlas-{WORLD_ATLAS_VERSION}.tgz"
)
OUT = Path(__file__).resolve().parent
STATIC = OUT.parent.parent / "static" / "maps"
# The map's width in SVG units; its height follows from the projection.
WIDTH = 1000
# Natural Earth's own view of disputed areas (its default, "de facto"
# boundaries), with two choices of ours: Antarctica is left out (no event is
# held there, and it would take a fifth of the height), and a territory
# without an ISO numeric code gets the code the archive uses for it, or none
# (drawn, never linked).
LEFT_OUT = {"Antarctica"}
CODES_BY_NAME = {"Kosovo": "XK"}


def fetch_countries():
    with urllib.request.urlopen("https://registry.npmjs.org/world-atlas") as answer:
        meta = json.load(answer)
    integrity = meta["versions"][WORLD_ATLAS_VERSION]["dist"]["integrity"]
    with urllib.request.urlopen(TARBALL) as answer:
        tarball = answer.read()
    digest = base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    if integrity != f"sha512-{digest}":
        sys.exit("world-atlas: the download does not match its published digest")
    with tarfile.open(fileobj=io.BytesIO(tarball)) as archive:
        return json.load(archive.extractfile("package/countries-110m.json"))


def equal_earth(longitude, latitude):
    """Equal Earth (Šavrič, Patterson, Jenny 2018), in radians of the unit sphere."""
    a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
    m = math.sqrt(3) / 2
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(m * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (m * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
    y = theta * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))
    return x, y


def decoded_arcs(topology):
    """Every arc as absolute (longitude, latitude) points."""
    (sx, sy), (tx, ty) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    # A ring that crosses the antimeridian (Chukotka, Fiji) is kept whole
    # east of it, past the map's right edge, not drawn across the world.
    longitudes = [longitude for longitude, _latitude in points]
    if max(longitudes) - min(longitudes) > 180:
        points = [(lon + 360 if lon < 0 else lon, lat) for lon, lat in points]
    return points


def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def main():
    topology = fetch_countries()
    arcs = decoded_arcs(topology)
    left, right = equal_earth(-180, 0)[0], equal_earth(180, 0)[0]
    top = equal_earth(0, 90)[1]
    scale = WIDTH / (right - left)

    def at(longitude, latitude):
        x, y = equal_earth(longitude, latitude)
        return round((x - left) * scale, 1), round((top - y) * scale, 1)

    countries, lowest = {}, 0.0
    shapes = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        if name in LEFT_OUT:
            continue
        numeric = geometry.get("id")
        found = pycountry.countries.get(numeric=numeric) if numeric else None
        code = found.alpha_2 if found else CODES_BY_NAME.get(name, "")
        parts, xs, ys = [], [], []
        for polygon in polygons(geometry):
            for indexes in polygon:
                points = [at(*point) for point in ring(arcs, indexes)]
                # Consecutive points that round to one are drawn once.
                points = [
                    p for i, p in enumerate(points) if i == 0 or p != points[i - 1]
                ]
                if len(points) < 3:
                    continue
                xs += [x for x, _y in points]
                ys += [y for _x, y in points]
                first, *rest = points
                parts.append(
                    f"M{first[0]:g} {first[1]:g}"
                    + "".join(f"L{x:g} {y:g}" for x, y in rest)
                    + "Z"
                )
        if not parts:
            continue
        lowest = max(lowest, max(ys))
        path = "".join(parts)
        shapes.append((code, name, path))
        if code:
            countries[code] = [min(xs), min(ys), max(xs), max(ys)]
    height = math.ceil(lowest + 2)
    (OUT / "world.json").write_text(
        json.dumps(
            {"width": WIDTH, "height": height, "countries": countries},
            ensure_ascii=False,
            separators=(",", ":"),
            sort_keys=True,
        )
        + "\n"
    )
    STATIC.mkdir(parents=True, exist_ok=True)
    # Each country's outline under its code, for the maps' <use> to shade.
    base = "".join(
        f'<path id="{code}" d="{path}"/>' if code else f'<path d="{path}"/>'
        for code, _name, path in shapes
    )
    (STATIC / "world.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">'
        f'<g fill="#e3e8ee" stroke="#ffffff" stroke-width="0.5">{base}</g></svg>\n'
    )
    sys.stdout.write(f"{len(countries)} countries with a code, {len(shapes)} drawn\n")


if __name__ == "__main__":
    main()
