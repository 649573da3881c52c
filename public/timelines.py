"""A programme's sessions on a timeline, laid out for an SVG drawn by
templates/includes/timeline.html: a year axis, each session at its date.

A session known to the day is a point; one known only to its month or year
is a band over that month or year, never a point on an invented day. Held
sessions are filled, those only announced are outlined. Sessions whose marks
would touch go on another lane, so none hides another.
"""

import datetime

from django.utils.translation import gettext as _

from events.dates import DatePrecision, month_range, year_range

# In SVG units, drawn one to a CSS pixel: the plot's width is shared by the
# years, each at least YEAR_MIN wide (a long programme then scrolls) and at
# most YEAR_MAX. A phone's 328 px hold the plot and its sides, so a
# programme of five years or fewer is seen whole without scrolling.
PLOT_WIDTH = 296
YEAR_MIN, YEAR_MAX = 56, 160
SIDE = 16
AXIS_TOP = 26
LANE_HEIGHT = 30
MARK_HEIGHT = 14
POINT_RADIUS = 6
DIGIT_WIDTH = 7.5  # of a session's number, at the timeline's 12 px
GAP = 4


def spanned(session):
    """(first day, day after the last) the session's date covers, as known."""
    start = session.start_date
    if session.date_precision == DatePrecision.YEAR:
        return year_range(start.year)
    if session.date_precision == DatePrecision.MONTH:
        return month_range(start)
    return start, start + datetime.timedelta(days=1)


def series_timeline(series, sessions):
    """The layout of `sessions` (dated, in date order) of `series`; None if
    there are none."""
    sessions = [session for session in sessions if session.start_date]
    if not sessions:
        return None
    first = sessions[0].start_date.year
    if series.started_on:
        first = min(first, series.started_on.year)
    last = max(session.start_date.year for session in sessions)
    years = list(range(first, last + 1))
    year_width = min(YEAR_MAX, max(YEAR_MIN, PLOT_WIDTH / len(years)))

    def x(day):
        start, end = year_range(day.year)
        share = (day - start).days / (end - start).days
        return SIDE + ((day.year - first) + share) * year_width

    lanes, marks = [], []
    for session in sessions:
        start, end = spanned(session)
        left, right = x(start), x(end)
        band = session.date_precision != DatePrecision.DAY
        if not band:
            left, right = left - POINT_RADIUS, left + POINT_RADIUS
        # A mark takes the room of its number above it too.
        middle_x = (left + right) / 2
        half_label = len(str(session.session_number or "")) * DIGIT_WIDTH / 2
        taken = min(left, middle_x - half_label), max(right, middle_x + half_label)
        lane = next(
            (i for i, edge in enumerate(lanes) if edge + GAP <= taken[0]), len(lanes)
        )
        if lane == len(lanes):
            lanes.append(taken[1])
        lanes[lane] = max(lanes[lane], taken[1])
        middle = AXIS_TOP + 12 + lane * LANE_HEIGHT + LANE_HEIGHT / 2
        marks.append(
            {
                "session": session,
                "band": band,
                "x": round(left, 1),
                "width": round(max(right - left, 2), 1),
                "cx": round(middle_x, 1),
                "y": middle - MARK_HEIGHT / 2,
                "cy": middle,
                "label_y": middle + 4,
                "held": session.outcome == session.Outcome.HELD,
                "label": label(session),
            }
        )
    width = round(SIDE * 2 + len(years) * year_width)
    return {
        "width": width,
        # Wider than a phone's screen: it may not be seen whole.
        "may_scroll": width > SIDE * 2 + PLOT_WIDTH,
        "height": AXIS_TOP + 12 + max(len(lanes), 1) * LANE_HEIGHT + 6,
        "axis_y": AXIS_TOP,
        "years": [
            {
                "year": year,
                "x": round(SIDE + i * year_width, 1),
                "label_x": round(SIDE + (i + 0.5) * year_width, 1),
            }
            for i, year in enumerate(years)
        ],
        "end_x": round(SIDE + len(years) * year_width, 1),
        "marks": marks,
    }


def label(session):
    """What a mark is called: "4th CSTO Academy, 25 June 2015, session 4, held"."""
    parts = [session.title, session.dates_display]
    if session.session_number:
        parts.append(_("session %(number)s") % {"number": session.session_number})
    parts.append(session.get_outcome_display())
    return ", ".join(str(part) for part in parts)
