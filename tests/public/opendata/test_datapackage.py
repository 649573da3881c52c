"""The data package at /data/: what Frictionless, the validator data portals
use, accepts, and the DCAT record as rdflib, a linked-data reader, reads it."""

import csv
import json

import frictionless
import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS

from tests.factories import (
    make_country,
    make_draft,
    make_event,
    make_participation,
    make_person,
    make_topic,
)
from tests.helpers import content_of

pytestmark = pytest.mark.django_db


def body_of(response):
    assert response.status_code == 200, content_of(response)
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def download_package(client, directory):
    """datapackage.json and each of its files, written into `directory`:
    the package as a user who downloads it has it. Returns the descriptor."""
    descriptor = json.loads(body_of(client.get("/data/datapackage.json")))
    (directory / "datapackage.json").write_text(json.dumps(descriptor))
    for resource in descriptor["resources"]:
        (directory / resource["path"]).write_bytes(
            body_of(client.get(f"/data/{resource['path']}"))
        )
    return descriptor


def table(directory, name):
    with (directory / f"{name}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_the_2015_archive_is_a_valid_data_package(client, archive_2015, tmp_path):
    descriptor = download_package(client, tmp_path)

    report = frictionless.validate(tmp_path / "datapackage.json")

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert descriptor["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        }
    ]
    events = {row["slug"]: row for row in table(tmp_path, "events")}
    countries = {row["slug"]: row for row in table(tmp_path, "countries")}
    assert len(events) == 3
    academy = events["4th-csto-academy-2015"]
    assert (academy["start_date"], academy["date_precision"]) == ("2015-06-25", "day")
    russia = countries["russia"]
    assert (russia["name_en"], russia["name_ru"]) == ("Russia", "Россия")


def test_a_link_to_a_missing_record_fails_validation(client, tmp_path):
    country = make_country(slug="serbia", iso_code="RS")
    make_event(slug="open-day", participating_countries=[country])
    download_package(client, tmp_path)
    countries = tmp_path / "countries.csv"
    header = countries.read_text(encoding="utf-8").splitlines()[0]
    countries.write_text(header + "\n", encoding="utf-8")

    report = frictionless.validate(tmp_path / "datapackage.json")

    assert not report.valid
    assert {error[0] for error in report.flatten(["type"])} == {"foreign-key"}


def test_drafts_and_their_links_stay_out_of_the_package(client, tmp_path):
    topic = make_topic(slug="security")
    speaker = make_person(slug="a-speaker")
    published = make_event(slug="open-day", topics=[topic])
    make_participation(published, speaker)
    draft = make_draft(slug="secret-plan", topics=[topic])
    make_participation(draft, speaker)

    download_package(client, tmp_path)

    assert [row["slug"] for row in table(tmp_path, "events")] == ["open-day"]
    links = [{"event": "open-day", "topic": "security"}]
    assert table(tmp_path, "event_topics") == links
    assert [row["event"] for row in table(tmp_path, "speakers")] == ["open-day"]
    assert frictionless.validate(tmp_path / "datapackage.json").valid


def test_the_package_follows_a_save(client, tmp_path):
    event = make_event(slug="open-day", title="Open day")
    client.get("/data/events.csv")

    event.title = "Open house"
    event.save()

    download_package(client, tmp_path)
    assert [row["title_en"] for row in table(tmp_path, "events")] == ["Open house"]


def test_a_file_is_not_sent_again_to_a_client_that_holds_it(client):
    make_event()
    first = client.get("/data/events.csv")

    again = client.get("/data/events.csv", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert first["Last-Modified"]


def test_an_unknown_file_is_not_found(client):
    assert client.get("/data/passwords.csv").status_code == 404


def test_any_site_may_read_the_package_from_a_browser(client):
    response = client.get("/data/datapackage.json", HTTP_ORIGIN="https://example.org")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def dcat_graph(response):
    assert response["Content-Type"] == "application/ld+json"
    return rdflib.Graph().parse(data=body_of(response), format="json-ld")


def test_the_dcat_record_follows_a_save(client):
    event = make_event()
    before = dcat_graph(client.get("/data/dcat.jsonld"))

    event.title = "Renamed"
    event.save()
    after = dcat_graph(client.get("/data/dcat.jsonld"))

    modified = [
        graph.value(next(graph.subjects(DCAT.distribution, None)), DCTERMS.modified)
        for graph in (before, after)
    ]
    assert modified[0].toPython() < modified[1].toPython()


def test_the_dcat_record_names_every_file_and_the_licence(client):
    make_event()
    descriptor = json.loads(client.get("/data/datapackage.json").content)

    graph = dcat_graph(client.get("/data/dcat.jsonld"))

    dataset = next(graph.subjects(DCAT.distribution, None))
    downloads = {
        str(graph.value(distribution, DCAT.downloadURL))
        for distribution in graph.objects(dataset, DCAT.distribution)
    }
    expected = {
        f"http://testserver/data/{resource['path']}"
        for resource in descriptor["resources"]
    }
    assert downloads == {*expected, "http://testserver/data/datapackage.json"}
    assert str(graph.value(dataset, DCTERMS.license)) == (
        "https://creativecommons.org/licenses/by/4.0/"
    )
