"""Helpers that test modules in more than one folder share: the fixture's names,
every public address, reading pages, the admin's event form, images and media,
two database connections at once and a fresh interpreter."""

import io
import os
import re
import socket
import struct
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from PIL import Image

from academy.search import REGISTRY, fts_table
from bench.html_forms import fields_posted
from events.models import Event, Tally

ROOT = Path(__file__).resolve().parent.parent
# The JavaScript clients the open-data tests run, installed by make.
JAVASCRIPT_CLIENTS = ROOT / "tests" / "js"


def run_javascript(*command):
    """Run a program of JAVASCRIPT_CLIENTS (`node read.mjs ...`, or a tool of
    node_modules/.bin) there; its stdout, after checking it succeeded."""
    done = subprocess.run(
        command,
        cwd=JAVASCRIPT_CLIENTS,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        # Redocly's CLI would report usage and look for a newer version.
        env={
            **os.environ,
            "REDOCLY_TELEMETRY": "off",
            "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
        },
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


# The 2015 fixture's events.
ACADEMY = "4th CSTO Academy"
LAUNCH = "Launch of the CSTO Academy programme"
SCHOOL = "CSTO Youth School in Serbia"
ACADEMY_SLUG = "4th-csto-academy-2015"
SCHOOL_SLUG = "csto-youth-school-serbia-2015"
LAUNCH_SLUG = "csto-academy-programme-launch"


# Every public page and API address, with the slugs `one_of_each` gives them.
PUBLIC_URLS = (
    "/",
    "/events/",
    "/events/harden-event/",
    "/events/filters/topic/",
    "/series/",
    "/series/harden-series/",
    "/topics/",
    "/topics/harden-topic/",
    "/people/",
    "/people/harden-person/",
    "/countries/",
    "/countries/harden-country/",
    "/organizations/",
    "/organizations/harden-organization/",
    "/search/?q=harden",
    "/ru/events/",
    "/ru/events/harden-event/",
)
API_URLS = (
    "/api/",
    "/api/events/",
    "/api/events/harden-event/",
    "/api/people/",
    "/api/people/harden-person/",
    "/api/countries/",
    "/api/countries/harden-country/",
    "/api/organizations/",
    "/api/organizations/harden-organization/",
    "/api/topics/",
    "/api/topics/harden-topic/",
    "/api/series/",
    "/api/series/harden-series/",
    "/api/schema/",
    "/api/docs/",
)


# Pages and responses


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def card_titles(response):
    return [link.get_text() for link in soup_of(response).select(".card-title a")]


def hrefs(response):
    return {link["href"] for link in soup_of(response).select("main a[href]")}


def content_of(response):
    """The body of a plain or a streaming response, as text."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def slugs(response):
    """The slugs of a list response's records, in order."""
    assert response.status_code == 200, response.content
    return [record["slug"] for record in response.json()["results"]]


def section_links(response, heading_id):
    """The text of each link in the section that heading `heading_id` heads."""
    section = soup_of(response).find(id=heading_id).parent
    return [link.get_text() for link in section.select("a")]


def kept_tallies():
    """Every non-zero tally, as kept on write: {(measure, record, year): count}."""
    return {
        (row.measure, row.record, row.year): row.count
        for row in Tally.objects.exclude(count=0)
    }


# The admin


def event_form(speakers=(), **fields):
    """What the admin's event form posts: the event and its speakers' inline."""
    data = {
        "title_en": "5th CSTO Academy",
        "title_ru": "",
        "slug": "5th-csto-academy",
        "kind": Event.Kind.ACADEMY_SESSION,
        "start_date": "",
        "end_date": "",
        "date_precision": "day",
        "city_en": "",
        "city_ru": "",
        "venue_en": "",
        "venue_ru": "",
        "summary_en": "",
        "summary_ru": "",
        "body_en": "",
        "body_ru": "",
        "status": Event.Status.DRAFT,
        "outcome": Event.Outcome.HELD,
        "participations-TOTAL_FORMS": str(len(speakers)),
        "participations-INITIAL_FORMS": "0",
        "participations-MIN_NUM_FORMS": "0",
        "participations-MAX_NUM_FORMS": "1000",
    }
    for index, speaker in enumerate(speakers):
        for name, value in speaker.items():
            data[f"participations-{index}-{name}"] = value
    for materials in MATERIAL_INLINES:
        data.update(inline_management(materials, 0))
    data.update(fields)
    return data


def posted_by(response):
    """What a browser would post back from the admin change form on
    `response`'s page as it stands (bench/html_forms.py says what is left out)."""
    return fields_posted(response.content, "#content form[method=post i]")


# The prefixes of the event form's inlines of materials, none posted by default.
MATERIAL_INLINES = ("photos", "documents", "links")


def inline_management(prefix, total, initial=0):
    """An inline formset's management form, for `total` rows."""
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


# Images and media


def image_bytes(size=(600, 400), format="JPEG", colour="steelblue"):
    output = io.BytesIO()
    Image.new("RGB", size, colour).save(output, format=format)
    return output.getvalue()


def image_file(size=(600, 400), format="JPEG", name="photo.jpg"):
    return SimpleUploadedFile(name, image_bytes(size, format))


def jpeg_with_gps():
    """A JPEG whose EXIF names a camera and a GPS position."""
    image = Image.new("RGB", (600, 400), "steelblue")
    exif = Image.Exif()
    exif[0x010F] = "Camera Maker"  # Make
    exif[0x0110] = "Spy Camera 3000"  # Model
    exif[0x8825] = {1: "N", 2: (55.0, 45.0, 21.0)}  # GPSInfo: latitude
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return SimpleUploadedFile("holiday.jpg", output.getvalue())


def pdf_bytes(pages=1, size=(595, 842)):
    """A PDF of `pages` blank pages, `size` in points (A4 by default)."""
    document = pdfium.PdfDocument.new()
    for _page in range(pages):
        document.new_page(*size)
    output = io.BytesIO()
    document.save(output)
    document.close()
    return output.getvalue()


def pdf_file(pages=1, name="programme.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(pages), content_type="application/pdf")


def png_claiming(width, height):
    """A tiny PNG whose header claims `width` × `height`, like a decompression bomb."""
    output = io.BytesIO()
    Image.new("L", (1, 1)).save(output, format="PNG")
    data = bytearray(output.getvalue())
    header = b"IHDR" + struct.pack(">II", width, height) + bytes(data[24:29])
    data[12:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(header))
    return SimpleUploadedFile("bomb.png", bytes(data))


def animated_gif(frames, size=(60, 40), canvas=None, name="animation.gif"):
    """A GIF of `frames` frames of `size`, each a different grey; its header may
    claim a larger `canvas`, like a bomb of many small frames on a huge one."""
    palette = [value for grey in range(256) for value in (grey, grey, grey)]
    images = [Image.new("P", size, frame % 256) for frame in range(frames)]
    for image in images:
        image.putpalette(palette)
    output = io.BytesIO()
    images[0].save(output, format="GIF", save_all=True, append_images=images[1:])
    data = bytearray(output.getvalue())
    if canvas:
        data[6:10] = struct.pack("<HH", *canvas)  # the logical screen's size
    return SimpleUploadedFile(name, bytes(data))


def photo_with_comment(format):
    """A JPEG (COM segment) or GIF (comment extension) whose comment names a
    home address."""
    output = io.BytesIO()
    Image.new("RGB", (600, 400), "steelblue").save(
        output, format=format, comment=b"Taken at my home address, 12 Elm Street"
    )
    return SimpleUploadedFile(f"photo.{format.lower()}", output.getvalue())


def media_files(root):
    """{path below `root`: content} of every file under `root`."""
    root = Path(root)
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


# Servers on loopback


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def raw_request(port, request):
    """Everything the server on `port` sends back to `request`, until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request.encode())
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    return received


# Two database connections at once (PostgreSQL)


# Two transactions at once need a database with more than one writer.
two_writers = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer at a time"
)


class AnotherConnection(threading.Thread):
    """`task` run in a thread, so on a database connection of its own, closed
    when it ends: `result` holds what it returned, `error` what it raised."""

    def __init__(self, task):
        super().__init__()
        self.task, self.result, self.error = task, None, None

    def run(self):
        try:
            self.result = self.task()
        except Exception as error:  # what a request would answer with
            self.error = error
        finally:
            connections.close_all()


def wait_for_a_blocked_writer(seconds=10):
    """Wait until another connection to this database waits for a lock."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # Read afresh: a transaction keeps its first view of the activity.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
                "'Lock' AND pid <> pg_backend_pid() AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("no other writer came to wait")


# A fresh interpreter


def run_python(*args, **env):
    """Python run on `args` at the project's root, in an environment without this
    shell's DJANGO_* variables: only those in `env`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def models_read_by(*sql):
    """The models whose tables (full-text tables too) the SQL texts name."""
    tables = {
        model._meta.db_table: model
        for model in apps.get_models(include_auto_created=True)
    }
    tables |= {
        fts_table(model, index.field): model
        for model, searchable in REGISTRY.items()
        for index in searchable.indexes
    }
    names = set().union(*(re.findall(r'"(\w+)"', text) for text in sql))
    return {tables[name] for name in names if name in tables}
