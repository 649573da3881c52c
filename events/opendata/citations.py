"""How to cite an event record: plain text, BibTeX and CSL-JSON.

Each names the archive as publisher and the published source the record is
drawn from, and gives the date only as precisely as it is known.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from .. import dates

PUBLISHER = gettext_lazy("Academy Archive")
BIBTEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)
BIBTEX_MONTHS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)


def quoted(text):
    """A title in the page language's quotation marks (“…”, «…»)."""
    return pgettext("quotation marks", "“%(text)s”") % {"text": text}


def sentence(text):
    """`text` ending with one full stop: a Russian date already ends with one
    ("25 июня 2015 г.")."""
    return text if text.endswith(".") else f"{text}."


def source_note(source):
    """'Source: “Title”, Publisher, 25 June 2015.'"""
    parts = [quoted(source.title), source.publisher]
    if source.published_on:
        parts.append(date_format(source.published_on, "DATE_FORMAT"))
    text = ", ".join(part for part in parts if part)
    return sentence(_("Source: %(source)s") % {"source": text})


def plain_text(event, url):
    """'“4th CSTO Academy” (25 June 2015, Moscow, Russia). Academy Archive. …'"""
    about = ", ".join(part for part in (event.dates_display, event.locality) if part)
    text = f"{quoted(event.title)} ({about}). {PUBLISHER}."
    if event.source:
        text += " " + source_note(event.source)
    return f"{text} {url}"


def bibtex_value(text):
    return "{" + str(text).translate(BIBTEX_ESCAPES) + "}"


def bibtex(event, url):
    """A @misc entry; the doubled braces keep the title's capitals as written."""
    fields = [
        ("title", "{" + bibtex_value(event.title) + "}"),
        ("howpublished", bibtex_value(PUBLISHER)),
        ("year", bibtex_value(event.start_date.year)),
    ]
    if event.date_precision != dates.DatePrecision.YEAR:
        fields.append(("month", BIBTEX_MONTHS[event.start_date.month - 1]))
    # biblatex reads ISO 8601 to any precision, so the known day is kept too.
    fields.append(("date", bibtex_value(event.start_iso)))
    if where := event.locality:
        fields.append(("address", bibtex_value(where)))
    if event.source:
        fields.append(("note", bibtex_value(source_note(event.source))))
    fields.append(("url", bibtex_value(url)))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{event.slug},\n{body}\n}}\n"


def csl_json(event, url):
    """A CSL-JSON item list (what Zotero and citeproc read), one item."""
    date = {"date-parts": [dates.parts(event.start_date, event.date_precision)]}
    item = {
        "id": event.slug,
        "type": "event",
        "title": event.title,
        "event-date": date,
        "issued": date,
        "publisher": str(PUBLISHER),
        "URL": url,
    }
    if where := event.locality:
        item["event-place"] = where
    if event.source:
        item["note"] = source_note(event.source)
    return [item]
