"""The archive as deployed: gunicorn in production mode behind Caddy with the
repository's academy/Caddyfile, serving pages, static files and uploads."""

import gzip
import http.client
import json
from pathlib import Path

import pytest

from tests.academy import servers
from tests.helpers import ROOT, run_python

# Records with files, made in the deployment's database by the admin's own
# code for them (tests/factories.py), as JSON: {name: [address, stored path]}.
MAKE_RECORDS = """
import json
from django.core.files.base import ContentFile
from academy import images
from tests.factories import make_document, make_draft, make_event, make_person
from tests.factories import make_photo
from tests.helpers import image_file

event, draft = make_event(slug="pictured"), make_draft(slug="hidden")
photo, document = make_photo(event), make_document(event)
hidden = make_photo(draft)
person = make_person(slug="portrait")
thumbnail = images.make_thumbnail(image_file())
person.thumbnail.save(thumbnail.name, thumbnail)
files = {
    "event photo": photo.medium_webp,
    "document": document.file,
    "draft photo": hidden.medium_jpeg,
    "person photo": person.thumbnail,
}
print(json.dumps({name: [f.url, f.path] for name, f in files.items()}))
"""


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    """A migrated SQLite database with the 2015 data and records with files,
    collected static files and a media folder: what `make serve` runs on."""
    directory = tmp_path_factory.mktemp("deployment")
    settings = {
        "DATABASE_URL": f"sqlite:///{directory / 'archive.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(directory / "media"),
        "DJANGO_STATIC_ROOT": str(directory / "static"),
    }
    for command in (["collectstatic", "--no-input"], ["migrate", "--no-input"]):
        done = run_python(
            str(ROOT / "manage.py"), *command, **servers.PRODUCTION, **settings
        )
        assert done.returncode == 0, done.stderr
    made = run_python(
        str(ROOT / "manage.py"),
        "shell",
        "-c",
        MAKE_RECORDS,
        **servers.PRODUCTION,
        **settings,
    )
    assert made.returncode == 0, made.stderr
    return directory, settings, json.loads(made.stdout.splitlines()[-1])


@pytest.fixture
def proxy(deployment, serve, tmp_path):
    directory, settings, files = deployment
    server = serve(**settings)
    with servers.caddy(tmp_path, server.port, directory / "static") as port:
        yield port, server.port, files


def fetch(port, path, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": "127.0.0.1", **headers})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def header_counts(response, *names):
    return {name: len(response.headers.get_all(name) or []) for name in names}


SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
)


def test_a_page_comes_through_the_proxy_with_each_security_header_once(proxy):
    port, _gunicorn, _files = proxy

    response, body = fetch(port, "/events/pictured/", **{"Accept-Encoding": "gzip"})

    assert response.status == 200
    assert b"Pictured" in gzip.decompress(body)
    # Over plain http Django sends no HSTS (a browser would ignore it).
    page_headers = [h for h in SECURITY_HEADERS if h != "Strict-Transport-Security"]
    assert header_counts(response, *page_headers) == dict.fromkeys(page_headers, 1)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_a_static_file_is_served_by_the_proxy_compressed_and_kept(proxy):
    port, _gunicorn, _files = proxy
    page, html = fetch(port, "/")
    stylesheet = html.decode().split('rel="stylesheet" href="', 1)[1].split('"')[0]

    response, body = fetch(port, stylesheet, **{"Accept-Encoding": "gzip"})

    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert b".visually-hidden" in gzip.decompress(body)
    assert response.headers["Cache-Control"] == "public, max-age=315360000, immutable"
    assert header_counts(response, *SECURITY_HEADERS) == dict.fromkeys(
        SECURITY_HEADERS, 1
    )


@pytest.mark.parametrize("name", ["person photo", "event photo", "document"])
def test_uploaded_files_come_back_through_the_proxy_byte_for_byte(proxy, name):
    port, _gunicorn, files = proxy
    url, path = files[name]

    response, body = fetch(port, url)

    assert response.status == 200
    assert body == Path(path).read_bytes()
    assert header_counts(response, "X-Content-Type-Options") == {
        "X-Content-Type-Options": 1
    }


def test_a_document_through_the_proxy_is_a_named_pdf_download(proxy):
    port, _gunicorn, files = proxy

    response, _body = fetch(port, files["document"][0])

    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="programme.pdf"'
    )


def test_a_drafts_photo_is_not_found_through_the_proxy_or_without_it(proxy):
    port, gunicorn, files = proxy
    url, _path = files["draft photo"]

    assert [fetch(p, url)[0].status for p in (port, gunicorn)] == [404, 404]


def test_gunicorn_alone_serves_uploaded_photos_as_make_serve_runs_it(proxy):
    _port, gunicorn, files = proxy
    url, path = files["event photo"]

    response, body = fetch(gunicorn, url)

    assert (response.status, response.headers["Content-Type"]) == (200, "image/webp")
    assert body == Path(path).read_bytes()
