"""How to cite an event record: plain text, BibTeX, CSL-JSON and RIS.

Each names the archive as publisher and the published source the record is
drawn from, and gives the date only as precisely as it is known. The files
also name the archive as the record's author, as an institution (without a
name, Harvard and APA styles put the title first and print it twice), and
the day the record was read (`accessed`), as styles cite a web page.
"""

from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _

from events import dates

from .text import sentence

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


def in_quotation_marks(text):
    """A title in the page language's quotation marks (“…”, «…»)."""
    return pgettext("quotation marks", "“%(text)s”") % {"text": text}


def source_note(source):
    """'Source: “Title”, Publisher, 25 June 2015.'"""
    parts = [in_quotation_marks(source.title), source.publisher]
    if source.published_on:
        parts.append(date_format(source.published_on, "DATE_FORMAT"))
    text = ", ".join(part for part in parts if part)
    return sentence(_("Source: %(source)s") % {"source": text})


def plain_text(event, url):
    """'“4th CSTO Academy” (25 June 2015, Moscow, Russia). Academy Archive. …'"""
    about = ", ".join(part for part in (event.dates_display, event.locality) if part)
    text = f"{in_quotation_marks(event.title)} ({about}). {PUBLISHER}."
    if event.source:
        text += " " + source_note(event.source)
    return f"{text} {url}"


def bibtex_value(text):
    return "{" + str(text).translate(BIBTEX_ESCAPES) + "}"


def bibtex_month(first_day):
    """BibTeX's month macro in English (`jun`, which styles print in their own
    words); in another language the month's name, as BibTeX styles print the
    field as it is (the macros say "June" whatever the page's language).
    biblatex (and biblatex-gost) read the `date` field instead and name the
    month in the document's language."""
    if get_language() == "en":
        return BIBTEX_MONTHS[first_day.month - 1]
    # Lowercase, as a month is written within a Russian reference ("июнь 2015").
    return bibtex_value(date_format(first_day, "F").lower())


def bibtex(event, url, accessed):
    """A @misc entry; the doubled braces keep the title's capitals as written
    and make the author one institution, not a first and a last name.
    `howpublished` is what BibTeX styles print for @misc, `publisher` what
    reference managers read."""
    fields = [
        ("author", "{" + bibtex_value(PUBLISHER) + "}"),
        ("title", "{" + bibtex_value(event.title) + "}"),
        ("howpublished", bibtex_value(PUBLISHER)),
        ("publisher", bibtex_value(PUBLISHER)),
        ("year", bibtex_value(event.start_date.year)),
    ]
    if event.date_precision != dates.DatePrecision.YEAR:
        fields.append(("month", bibtex_month(event.start_date)))
    # biblatex reads ISO 8601 to any precision, so the known day is kept too.
    fields.append(("date", bibtex_value(event.start_iso)))
    if where := event.locality:
        fields.append(("address", bibtex_value(where)))
    if event.source:
        fields.append(("note", bibtex_value(source_note(event.source))))
    fields.append(("url", bibtex_value(url)))
    fields.append(("urldate", bibtex_value(accessed.isoformat())))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{event.slug},\n{body}\n}}\n"


def csl_json(event, url, accessed):
    """A CSL-JSON item list (what Zotero and citeproc read), one item."""
    date = {"date-parts": [dates.parts(event.start_date, event.date_precision)]}
    item = {
        "id": event.slug,
        "type": "event",
        "author": [{"literal": str(PUBLISHER)}],
        "title": event.title,
        "event-date": date,
        "issued": date,
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
        "publisher": str(PUBLISHER),
        "URL": url,
    }
    if where := event.locality:
        item["event-place"] = where
    if event.source:
        item["note"] = source_note(event.source)
    return [item]


def ris_date(value, precision):
    """RIS's YYYY/MM/DD/ with the unknown parts left empty: '2015/10//'."""
    known = dates.isoformat(value, precision).split("-")
    return "/".join(known + [""] * (3 - len(known))) + "/"


def ris(event, url, accessed):
    """An RIS record (what EndNote, Zotero and Mendeley import) of the event's
    page: TY ELEC, a web page, as the record cited is the archive's."""
    tags = [
        ("TY", "ELEC"),
        # The trailing comma marks a corporate author (EndNote's convention):
        # a name with no first name, not "Archive, Academy".
        ("AU", f"{PUBLISHER},"),
        ("TI", event.title),
        ("PY", str(event.start_date.year)),
        ("DA", ris_date(event.start_date, event.date_precision)),
        ("PB", str(PUBLISHER)),
    ]
    if where := event.locality:
        tags.append(("CY", where))
    tags += [("UR", url), ("Y2", accessed.strftime("%Y/%m/%d"))]
    if event.source:
        tags.append(("N1", source_note(event.source)))
    tags.append(("ER", ""))
    # A value is one line; RIS ends each with CR LF.
    return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in tags)
