"""What the archive holds, counted: the numbers and the SVG charts drawn from them.

Only published events are counted. The page and /statistics.json show the same
numbers; the charts are laid out here so the templates only place shapes.
"""

import math

from academy.caching import remember

from .. import selectors

TOP = 10


def events_per_year():
    """(year, events held, events announced and not known to have taken place)
    for every year from the first to the last, gaps as 0."""
    counts = selectors.year_event_counts()
    if not counts:
        return []
    rows = []
    for year in range(min(counts), max(counts) + 1):
        events, announced = counts.get(year, (0, 0))
        rows.append((year, events - announced, announced))
    return rows


def top(counted):
    """The TOP records of `counted` (each with its event_count) with most events."""
    records = [record for record in counted if record.event_count]
    records.sort(key=lambda record: (-record.event_count, record.slug))
    return records[:TOP]


def topics_over_time(years):
    """The most frequent topics, each with its count of events in every year."""
    topics = top(selectors.counted_topics())
    counts = selectors.topic_year_event_counts(topics)
    return [
        (topic, [counts.get((topic.pk, year), 0) for year in years]) for topic in topics
    ]


def archive_statistics():
    """The numbers, counted over the whole archive once until it changes."""
    return remember("statistics", count_archive, per_language=True)


def count_archive():
    per_year = events_per_year()
    years = [year for year, _held, _announced in per_year]
    return {
        "events_per_year": per_year,
        "events_per_month": selectors.events_per_month(),
        # What the maps shade, by the role a country counts in.
        "countries_by_role": {
            role: selectors.country_map_counts(role) for role in ("took-part", "hosted")
        },
        "countries": top(selectors.counted_countries()),
        "organizations": top(selectors.counted_organizers()),
        "years": years,
        "topics_over_time": topics_over_time(years),
    }


# Charts, in SVG user units. A bar chart is narrow enough that a phone shows
# its 13-unit text at 12 px or more (328 px of 340 units). Short labels
# (years) stand left of their bars; longer ones (names) on a line of their
# own above, so that a name is not cut to a few letters.
CHART_WIDTH = 340
VALUE_WIDTH = 44
SHORT_LABEL_CHARS = 6
SHORT_LABEL_WIDTH = 48
BAR_HEIGHT = 18
BAR_LABEL_CHARS = 44
# A heatmap scrolls in its own region: its labels have a column of their own.
LABEL_WIDTH = 180
LABEL_CHARS = 22
ROW_HEIGHT = 28
CELL_WIDTH = 40
HEADER_HEIGHT = 48
HEAT_LEVELS = 4


def short(label, most=LABEL_CHARS):
    """`label` in at most `most` characters, an ellipsis marking a cut."""
    label = str(label)
    return label if len(label) <= most else label[: most - 1] + "…"


def bar_chart(rows):
    """Horizontal bars for (label, value) rows, scaled to the largest value."""
    largest = max((value for _label, value in rows), default=0) or 1
    above = any(len(str(label)) > SHORT_LABEL_CHARS for label, _value in rows)
    label_width = 0 if above else SHORT_LABEL_WIDTH
    row_height = BAR_HEIGHT + 26 if above else ROW_HEIGHT
    room = CHART_WIDTH - label_width - VALUE_WIDTH
    bars = []
    for index, (label, value) in enumerate(rows):
        top = index * row_height
        width = round(room * value / largest, 1)
        bar_top = top + row_height - BAR_HEIGHT - (4 if above else 5)
        text_y = bar_top + BAR_HEIGHT / 2
        bars.append(
            {
                "label": str(label),
                "short_label": short(label, BAR_LABEL_CHARS),
                "value": value,
                "label_y": top + 10 if above else text_y,
                "y": bar_top,
                "text_y": text_y,
                "width": width,
                "value_x": label_width + width + 6,
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": max(len(rows), 1) * row_height,
        "label_above": above,
        "label_x": 0 if above else label_width - 8,
        "bar_x": label_width,
        "bar_height": BAR_HEIGHT,
        "bars": bars,
    }


def heatmap(years, rows):
    """A grid of (label, counts per year) rows, each cell shaded in 0–4 steps."""
    largest = max((count for _label, counts in rows for count in counts), default=0)
    columns = [
        {"year": year, "x": LABEL_WIDTH + index * CELL_WIDTH + CELL_WIDTH / 2}
        for index, year in enumerate(years)
    ]
    grid = []
    for index, (label, counts) in enumerate(rows):
        top = HEADER_HEIGHT + index * ROW_HEIGHT
        cells = [
            {
                "x": LABEL_WIDTH + column * CELL_WIDTH + 1,
                "text_x": LABEL_WIDTH + column * CELL_WIDTH + CELL_WIDTH / 2,
                "count": count,
                "level": math.ceil(HEAT_LEVELS * count / largest) if count else 0,
            }
            for column, count in enumerate(counts)
        ]
        grid.append(
            {
                "label": str(label),
                "short_label": short(label),
                "y": top + 1,
                "text_y": top + ROW_HEIGHT / 2,
                "cells": cells,
            }
        )
    return {
        "width": LABEL_WIDTH + max(len(years), 1) * CELL_WIDTH,
        "height": HEADER_HEIGHT + max(len(rows), 1) * ROW_HEIGHT,
        "label_x": LABEL_WIDTH - 8,
        "header_y": HEADER_HEIGHT - 8,
        "cell_width": CELL_WIDTH - 2,
        "cell_height": ROW_HEIGHT - 2,
        "columns": columns,
        "rows": grid,
    }


# The calendar: a row a year, a column a month and one for the events known
# only to their year (never placed in a month).
MONTH_CELL = 30
MONTH_ROW = 24
YEAR_LABEL_WIDTH = 44
UNKNOWN_MONTH = 0


def month_heatmap(per_month):
    """A grid of `per_month` ({(year, month or 0): events}), a row for every
    year from the first to the last, each cell shaded in 0–4 steps and
    linked to the events list of its month (or, for the unknown month, of
    its year)."""
    if not per_month:
        return None
    first = min(year for year, _month in per_month)
    last = max(year for year, _month in per_month)
    largest = max(per_month.values())
    months = [*range(1, 13), UNKNOWN_MONTH]
    rows = []
    for index, year in enumerate(range(first, last + 1)):
        top = HEADER_HEIGHT / 2 + index * MONTH_ROW
        cells = []
        for column, month in enumerate(months):
            count = per_month.get((year, month), 0)
            cells.append(
                {
                    "month": month,
                    "count": count,
                    "x": YEAR_LABEL_WIDTH + column * MONTH_CELL + 1,
                    "text_x": YEAR_LABEL_WIDTH + column * MONTH_CELL + MONTH_CELL / 2,
                    "level": math.ceil(HEAT_LEVELS * count / largest) if count else 0,
                    "query": f"month={year}-{month:02d}" if month else f"year={year}",
                }
            )
        rows.append(
            {"year": year, "y": top + 1, "text_y": top + MONTH_ROW / 2, "cells": cells}
        )
    return {
        "width": YEAR_LABEL_WIDTH + len(months) * MONTH_CELL,
        "height": HEADER_HEIGHT / 2 + len(rows) * MONTH_ROW,
        "label_x": YEAR_LABEL_WIDTH - 6,
        "header_y": HEADER_HEIGHT / 2 - 8,
        "cell_width": MONTH_CELL - 2,
        "cell_height": MONTH_ROW - 2,
        "columns": [
            {
                "month": month,
                "x": YEAR_LABEL_WIDTH + index * MONTH_CELL + MONTH_CELL / 2,
            }
            for index, month in enumerate(months)
        ],
        "rows": rows,
    }


def charts(numbers):
    return {
        "months": month_heatmap(numbers["events_per_month"]),
        "years": bar_chart(
            [(year, held) for year, held, _announced in numbers["events_per_year"]]
        ),
        "countries": bar_chart(
            [(country, country.event_count) for country in numbers["countries"]]
        ),
        "organizations": bar_chart(
            [
                (organization, organization.event_count)
                for organization in numbers["organizations"]
            ]
        ),
        "topics": heatmap(numbers["years"], numbers["topics_over_time"]),
    }


def as_json(numbers, absolute):
    """The numbers with each record named and linked, for /statistics.json."""

    def ref(record):
        return {
            "slug": record.slug,
            "name": str(record),
            "url": absolute(record.get_absolute_url()),
        }

    return {
        "events_per_year": [
            {
                "year": year,
                "events": held + announced,
                "held": held,
                "announced": announced,
            }
            for year, held, announced in numbers["events_per_year"]
        ],
        "events_per_month": [
            {"year": year, "month": month or None, "events": events}
            for (year, month), events in sorted(numbers["events_per_month"].items())
        ],
        "countries": [
            {**ref(country), "events": country.event_count}
            for country in numbers["countries"]
        ],
        # What the maps shade: events each country took part in, and hosted.
        "countries_taking_part": [
            {**ref(country), "iso_code": country.iso_code, "events": events}
            for country, events in numbers["countries_by_role"]["took-part"]
        ],
        "countries_hosting": [
            {**ref(country), "iso_code": country.iso_code, "events": events}
            for country, events in numbers["countries_by_role"]["hosted"]
        ],
        "organizations": [
            {**ref(organization), "events": organization.event_count}
            for organization in numbers["organizations"]
        ],
        "topics_over_time": [
            {
                **ref(topic),
                "events_per_year": [
                    {"year": year, "events": count}
                    for year, count in zip(numbers["years"], counts, strict=True)
                ],
            }
            for topic, counts in numbers["topics_over_time"]
        ],
    }
