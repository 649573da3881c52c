"""World maps drawn on the server as inline SVG: no script, no tiles, no
request to another site. Countries are matched by their ISO 3166-1 alpha-2
code to the outlines of static/maps/world.svg (Natural Earth, built once by
build.py; SOURCE.md says from what, and how disputed borders are shown): a
map lays that file as its grey base and shades a country with
`<use href="world.svg#RU">`, so a page carries a link and a class a country,
not its outline (the file is fetched once and cached). world.json holds each
country's bounding box, which frames the map.

A map is a list of Shaded countries: each with a count, shaded in one of
LEVELS steps from the lowest count to the largest (at 100,000 events every
country has thousands: steps of the largest alone shaded them all alike), or
with a named style (an event's host, the country a page is about). It is
framed on the countries it shades, so a phone shows the region that has data
rather than a whole world too small to tap. templates/includes/world_map.html
draws what `world_map` returns.
"""

import functools
import json
from dataclasses import dataclass
from pathlib import Path

GEOMETRY = Path(__file__).with_name("world.json")
LEVELS = 5
# How much room a framed map leaves around what it shades, at least how
# wide it is, and the shapes it keeps (width ÷ height) so it stays legible.
MARGIN = 0.12
MIN_WIDTH = 150
WIDEST, TALLEST = 2.3, 1.5


@functools.cache
def geometry():
    return json.loads(GEOMETRY.read_text())


@dataclass(frozen=True)
class Shaded:
    code: str
    url: str
    label: str
    count: int = 0
    style: str = ""


def level(count, lowest, largest):
    """The step of `count` between the lowest and the largest count shaded:
    1 for the lowest, LEVELS for the largest (and for all, if they are equal)."""
    span = largest - lowest
    if not span:
        return LEVELS
    return 1 + min(LEVELS - 1, (count - lowest) * LEVELS // span)


def level_ranges(lowest, largest):
    """[(level, lowest count, highest count)] of the levels some count falls
    in, as `level` gives them."""
    span = largest - lowest
    if not span:
        return [(LEVELS, lowest, largest)] if largest else []
    ranges = []
    for step in range(1, LEVELS + 1):
        low = lowest + -(-(step - 1) * span // LEVELS)
        high = largest if step == LEVELS else lowest + -(-step * span // LEVELS) - 1
        if low <= high:
            ranges.append((step, low, high))
    return ranges


def view_box_around(boxes, width, height):
    """The viewBox around `boxes` ([x0, y0, x1, y1]), with a margin, kept
    between WIDEST and TALLEST and inside the world; the world if none."""
    if not boxes:
        return 0, 0, width, height
    x0 = min(box[0] for box in boxes)
    y0 = min(box[1] for box in boxes)
    x1 = max(box[2] for box in boxes)
    y1 = max(box[3] for box in boxes)
    w = max(x1 - x0, MIN_WIDTH / (1 + 2 * MARGIN)) * (1 + 2 * MARGIN)
    h = (y1 - y0) * (1 + 2 * MARGIN)
    w, h = max(w, h * TALLEST), max(h, w / WIDEST)
    w, h = min(w, width), min(h, height)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    left = min(max(cx - w / 2, 0), width - w)
    top = min(max(cy - h / 2, 0), height - h)
    return round(left, 1), round(top, 1), round(w, 1), round(h, 1)


def world_map(shaded):
    """What a map draws: every country of `shaded` that has an outline, with
    its shade ("level-N" or its style), the viewBox, and the count legend."""
    world = geometry()
    counts = [country.count for country in shaded if not country.style]
    lowest, largest = min(counts, default=0), max(counts, default=0)
    drawn = []
    for country in shaded:
        box = world["countries"].get(country.code)
        if box is None:
            continue
        shade = country.style or f"level-{level(country.count, lowest, largest)}"
        drawn.append((country, shade, box))
    boxes = [box for _country, _shade, box in drawn]
    view_box = view_box_around(boxes, world["width"], world["height"])
    return {
        "width": world["width"],
        "height": world["height"],
        "view_box": " ".join(f"{number:g}" for number in view_box),
        "countries": [
            {
                "url": country.url,
                "label": country.label,
                "shade": shade,
                "code": country.code,
            }
            for country, shade, _box in drawn
        ],
        "levels": level_ranges(lowest, largest),
    }
