"""A long download holds one of a worker's threads, not the worker: while the
whole archive streams as CSV, the same worker goes on answering pages."""

import threading
import time
import urllib.request

import pytest

from tests.academy import servers
from tests.helpers import run_python

EVENTS = 2000


@pytest.fixture
def generated_archive(tmp_path):
    """A SQLite archive of the 2015 fixture and EVENTS generated events."""
    database = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    for command in (
        ["migrate", "--no-input"],
        ["seed_archive"],
        ["generate_archive", f"--events={EVENTS}", "--seed=1"],
    ):
        done = run_python(
            "manage.py", *command, DATABASE_URL=database, **servers.PRODUCTION
        )
        assert done.returncode == 0, done.stderr
    return database


def test_pages_are_answered_while_the_archive_downloads(serve, generated_archive):
    server = serve(DATABASE_URL=generated_archive)  # one worker
    url = f"http://127.0.0.1:{server.port}"
    streaming, times = threading.Event(), {}

    def download():
        with urllib.request.urlopen(f"{url}/events.csv", timeout=60) as response:
            response.read(1)
            times["first byte"] = time.monotonic()
            streaming.set()
            times["size"] = len(response.read())
            times["last byte"] = time.monotonic()

    downloader = threading.Thread(target=download)
    downloader.start()
    assert streaming.wait(30)
    asked = time.monotonic()
    with urllib.request.urlopen(f"{url}/robots.txt", timeout=60) as response:
        assert response.status == 200
    page_took = time.monotonic() - asked
    downloader.join(60)

    download_took = times["last byte"] - times["first byte"]
    assert times["size"] > EVENTS * 100
    # The download lasts long enough to tell the two apart...
    assert download_took > 0.3
    # ...and the page does not wait for it.
    assert page_took < download_took / 3
