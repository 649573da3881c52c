"""The OAI-PMH repository at /oai/, harvested by a real client (Sickle)."""

import datetime

import pytest
import requests
import reversion
from django.contrib.admin.models import LogEntry
from lxml import etree
from reversion.models import Version
from sickle import Sickle, oaiexceptions

from events.models import Event
from public.opendata.oai import PAGE_SIZE
from tests.factories import (
    make_country,
    make_draft,
    make_event,
    make_organization,
    make_participation,
    make_person,
    make_series,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db(transaction=True)

OAI = "{http://www.openarchives.org/OAI/2.0/}"
UTC = datetime.UTC


@pytest.fixture
def harvester(live_server):
    return Sickle(live_server.url + "/oai/", max_retries=0)


def raw_answer(live_server, **arguments):
    """The status and the parsed XML of a request made without Sickle."""
    response = requests.get(live_server.url + "/oai/", params=arguments, timeout=10)
    return response.status_code, etree.fromstring(response.content)


def error_codes(document):
    return [error.get("code") for error in document.iter(f"{OAI}error")]


def changed_at(event, moment):
    Event.objects.filter(pk=event.pk).update(updated=moment)


def identifiers(headers):
    return [header.identifier for header in headers]


def deletions(headers):
    """(identifier, datestamp, sets) of each deleted record."""
    return [
        (header.identifier, header.datestamp, header.setSpecs)
        for header in headers
        if header.deleted
    ]


def withdrawn(slug, moment, **fields):
    """An event published (a version of it kept), then made a draft at `moment`."""
    with reversion.create_revision():
        event = make_event(slug=slug, **fields)
    event.status = Event.Status.DRAFT
    event.save()
    changed_at(event, moment)
    return event


def test_identify_describes_the_repository(harvester):
    event = make_event(slug="earliest")
    changed_at(event, datetime.datetime(2020, 1, 2, 3, 4, 5, 678, tzinfo=UTC))
    make_event()

    identify = harvester.Identify()

    assert identify.repositoryName == "Academy Archive"
    assert identify.baseURL == "http://testserver/oai/"
    assert identify.protocolVersion == "2.0"
    assert identify.adminEmail == "archive@example.org"
    assert identify.earliestDatestamp == "2020-01-02T03:04:05Z"
    assert identify.deletedRecord == "transient"
    assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ"


def test_list_metadata_formats_offers_oai_dc(harvester):
    formats = list(harvester.ListMetadataFormats())

    assert [f.metadataPrefix for f in formats] == ["oai_dc"]
    assert formats[0].metadataNamespace == "http://www.openarchives.org/OAI/2.0/oai_dc/"


def test_list_sets_names_series_countries_and_topics(harvester):
    make_series(slug="csto-academy", name="CSTO Academy")
    make_country(slug="serbia", name="Serbia")
    make_topic(slug="youth", name="Youth")

    sets = [(s.setSpec, s.setName) for s in harvester.ListSets()]

    assert sets == [
        ("series:csto-academy", "CSTO Academy"),
        ("country:serbia", "Serbia"),
        ("topic:youth", "Youth"),
    ]


def test_list_sets_of_an_empty_archive_says_it_has_no_sets(live_server):
    status, document = raw_answer(live_server, verb="ListSets")

    assert (status, error_codes(document)) == (200, ["noSetHierarchy"])


def test_get_record_gives_the_event_in_dublin_core(harvester):
    serbia = make_country(slug="serbia", name="Serbia")
    armenia = make_country(slug="armenia", name="Armenia")
    event = make_event(
        slug="youth-school",
        title_en="Youth school",
        title_ru="Молодёжная школа",
        summary_en="A week of lectures.",
        start_date=datetime.date(2015, 10, 1),
        end_date=datetime.date(2015, 10, 5),
        city_en="Belgrade",
        host_country=serbia,
        participating_countries=[armenia],
        series=make_series(slug="csto-academy"),
        topics=[make_topic(slug="youth", name="Youth")],
        organizers=[make_organization(name="CSTO Secretariat")],
        source=make_source(title="CSTO news"),
    )
    make_participation(event, make_person(name="Ann Smith"))
    changed_at(event, datetime.datetime(2021, 5, 6, 7, 8, 9, tzinfo=UTC))

    record = harvester.GetRecord(
        identifier="oai:testserver:event/youth-school", metadataPrefix="oai_dc"
    )

    assert record.header.identifier == "oai:testserver:event/youth-school"
    assert record.header.datestamp == "2021-05-06T07:08:09Z"
    assert record.header.setSpecs == [
        "series:csto-academy",
        "country:armenia",
        "country:serbia",
        "topic:youth",
    ]
    assert record.metadata == {
        "title": ["Youth school", "Молодёжная школа"],
        "description": ["A week of lectures."],
        "creator": ["CSTO Secretariat"],
        "contributor": ["Ann Smith"],
        "subject": ["Youth"],
        "publisher": ["Academy Archive"],
        "date": ["2015-10-01/2015-10-05"],
        "type": ["Event"],
        "identifier": ["http://testserver/events/youth-school/"],
        "coverage": ["Belgrade, Serbia"],
        "source": ["CSTO news"],
    }
    titles = record.xml.iter("{http://purl.org/dc/elements/1.1/}title")
    languages = [t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in titles]
    assert languages == ["en", "ru"]


def test_get_record_of_a_date_known_to_the_month(harvester):
    make_event(
        slug="october", start_date=datetime.date(2015, 10, 1), date_precision="month"
    )

    record = harvester.GetRecord(
        identifier="oai:testserver:event/october", metadataPrefix="oai_dc"
    )

    assert record.metadata["date"] == ["2015-10"]


def test_list_records_resumes_over_more_than_one_page(harvester, live_server):
    moment = datetime.datetime(2022, 1, 1, tzinfo=UTC)
    for number in range(PAGE_SIZE + 5):
        # Some share a change time: the pages part between equal ones.
        changed_at(make_event(slug=f"event-{number:03}"), moment)
        moment += datetime.timedelta(seconds=number % 2)
    first_page_status, first_page = raw_answer(
        live_server, verb="ListRecords", metadataPrefix="oai_dc"
    )

    records = list(harvester.ListRecords(metadataPrefix="oai_dc"))

    assert [r.header.identifier for r in records] == [
        f"oai:testserver:event/event-{number:03}" for number in range(PAGE_SIZE + 5)
    ]
    token = first_page.find(f"{OAI}ListRecords/{OAI}resumptionToken")
    assert (first_page_status, token.get("completeListSize"), token.get("cursor")) == (
        200,
        str(PAGE_SIZE + 5),
        "0",
    )


def test_a_control_character_in_a_title_is_left_out_of_the_record(harvester):
    make_event(slug="pasted", title="Pasted\x0b title")

    records = list(harvester.ListRecords(metadataPrefix="oai_dc"))

    assert [r.metadata["title"] for r in records] == [["Pasted title"]]


def test_list_records_of_a_set(harvester):
    youth = make_topic(slug="youth")
    make_event(slug="on-youth", topics=[youth])
    make_event(slug="on-other", topics=[make_topic()])

    records = harvester.ListRecords(metadataPrefix="oai_dc", set="topic:youth")

    assert [r.header.identifier for r in records] == ["oai:testserver:event/on-youth"]


def test_list_identifiers_of_a_country_set_counts_hosts_and_participants(harvester):
    serbia = make_country(slug="serbia")
    changed_at(
        make_event(slug="hosted", host_country=serbia),
        datetime.datetime(2020, 1, 1, tzinfo=UTC),
    )
    make_event(slug="took-part", participating_countries=[serbia], host_country=serbia)
    make_event(slug="elsewhere", host_country=make_country())

    headers = harvester.ListIdentifiers(metadataPrefix="oai_dc", set="country:serbia")

    assert identifiers(headers) == [
        "oai:testserver:event/hosted",
        "oai:testserver:event/took-part",
    ]


def test_list_identifiers_from_and_until(harvester):
    for day in (1, 2, 3):
        event = make_event(slug=f"day-{day}")
        changed_at(event, datetime.datetime(2020, 3, day, 12, 0, 0, 500, tzinfo=UTC))

    by_day = harvester.ListIdentifiers(
        metadataPrefix="oai_dc", **{"from": "2020-03-02", "until": "2020-03-02"}
    )
    by_second = harvester.ListIdentifiers(
        metadataPrefix="oai_dc",
        **{"from": "2020-03-02T12:00:00Z", "until": "2020-03-03T12:00:00Z"},
    )

    assert identifiers(by_day) == ["oai:testserver:event/day-2"]
    assert identifiers(by_second) == [
        "oai:testserver:event/day-2",
        "oai:testserver:event/day-3",
    ]


def test_drafts_are_never_records(harvester):
    make_event(slug="published")
    make_draft(slug="secret-draft")

    headers = harvester.ListIdentifiers(metadataPrefix="oai_dc")

    assert identifiers(headers) == ["oai:testserver:event/published"]
    with pytest.raises(oaiexceptions.IdDoesNotExist):
        harvester.GetRecord(
            identifier="oai:testserver:event/secret-draft", metadataPrefix="oai_dc"
        )


def test_an_event_published_after_a_harvest_is_in_the_next(harvester):
    make_event(slug="first")
    draft = make_draft(slug="second")
    before = identifiers(harvester.ListIdentifiers(metadataPrefix="oai_dc"))

    draft.status = Event.Status.PUBLISHED
    draft.save()
    after = identifiers(harvester.ListIdentifiers(metadataPrefix="oai_dc"))

    assert before == ["oai:testserver:event/first"]
    assert after == ["oai:testserver:event/first", "oai:testserver:event/second"]


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "Identify", "set": "topic:youth"}, "badArgument"),
        (
            {"verb": "ListRecords", "metadataPrefix": "marc21"},
            "cannotDisseminateFormat",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-13-01"},
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"},
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-W01-1"},
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "9999-12-31"},
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2020-01-01",
                "until": "2020-01-02T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2021-01-01",
                "until": "2020-01-01",
            },
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "colour:red"},
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "topic:none"},
            "noRecordsMatch",
        ),
        ({"verb": "ListRecords", "resumptionToken": "made-up"}, "badResumptionToken"),
        ({"verb": "ListRecords", "resumptionToken": "x" * 5000}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "resumptionToken": "made-up",
                "metadataPrefix": "oai_dc",
            },
            "badArgument",
        ),
        ({"verb": "ListSets", "resumptionToken": "made-up"}, "badResumptionToken"),
        (
            {
                "verb": "GetRecord",
                "metadataPrefix": "oai_dc",
                "identifier": "oai:elsewhere:event/x",
            },
            "idDoesNotExist",
        ),
        (
            {"verb": "ListMetadataFormats", "identifier": "oai:testserver:event/none"},
            "idDoesNotExist",
        ),
    ],
)
def test_a_bad_request_is_answered_with_its_error_code(live_server, arguments, code):
    make_event()

    status, document = raw_answer(live_server, **arguments)

    assert (status, error_codes(document)) == (200, [code])


def test_an_argument_with_a_control_character_is_a_bad_argument(live_server):
    status, document = raw_answer(
        live_server,
        verb="GetRecord",
        metadataPrefix="oai_dc",
        identifier="oai:testserver:event/a\x00b",
    )

    assert (status, error_codes(document)) == (200, ["badArgument"])


def test_a_repeated_argument_is_a_bad_argument(live_server):
    response = requests.get(
        live_server.url + "/oai/?verb=Identify&verb=Identify", timeout=10
    )

    assert response.status_code == 200
    assert error_codes(etree.fromstring(response.content)) == ["badArgument"]


def test_an_event_made_a_draft_again_is_a_deleted_record(harvester):
    moment = datetime.datetime(2023, 4, 5, 6, 7, 8, tzinfo=UTC)
    withdrawn("withdrawn", moment, topics=[make_topic(slug="youth")])
    with reversion.create_revision():
        make_draft(slug="never-published")
    make_event(slug="published")

    headers = list(harvester.ListIdentifiers(metadataPrefix="oai_dc"))
    record = harvester.GetRecord(
        identifier="oai:testserver:event/withdrawn", metadataPrefix="oai_dc"
    )

    assert identifiers(headers) == [
        "oai:testserver:event/published",
        "oai:testserver:event/withdrawn",
    ]
    assert deletions(headers) == [
        ("oai:testserver:event/withdrawn", "2023-04-05T06:07:08Z", ["topic:youth"])
    ]
    assert (record.deleted, record.header.datestamp) == (True, "2023-04-05T06:07:08Z")
    with pytest.raises(oaiexceptions.IdDoesNotExist):
        harvester.GetRecord(
            identifier="oai:testserver:event/never-published", metadataPrefix="oai_dc"
        )


def test_an_event_deleted_in_the_admin_is_a_deleted_record(harvester, admin_client):
    with reversion.create_revision():
        event = make_event(
            slug="deleted",
            topics=[make_topic(slug="youth")],
            host_country=make_country(slug="serbia"),
        )
    make_event(slug="elsewhere")
    admin_client.post(f"/admin/events/event/{event.pk}/delete/", {"post": "yes"})
    LogEntry.objects.update(action_time=datetime.datetime(2024, 1, 2, tzinfo=UTC))

    in_set = harvester.ListIdentifiers(metadataPrefix="oai_dc", set="topic:youth")
    since = harvester.ListIdentifiers(
        metadataPrefix="oai_dc", **{"from": "2024-01-02", "until": "2024-01-02"}
    )

    expected = [
        (
            "oai:testserver:event/deleted",
            "2024-01-02T00:00:00Z",
            ["country:serbia", "topic:youth"],
        )
    ]
    assert deletions(in_set) == expected
    assert deletions(since) == expected


def test_a_deleted_event_whose_address_is_taken_again_is_the_new_one(
    harvester, admin_client
):
    with reversion.create_revision():
        event = make_event(slug="reused")
    admin_client.post(f"/admin/events/event/{event.pk}/delete/", {"post": "yes"})
    make_event(slug="reused")

    headers = list(harvester.ListIdentifiers(metadataPrefix="oai_dc"))

    assert [(h.identifier, h.deleted) for h in headers] == [
        ("oai:testserver:event/reused", False)
    ]


def test_list_identifiers_resumes_among_withdrawn_events(harvester, live_server):
    for number in range(PAGE_SIZE - 1):
        make_event(slug=f"published-{number:03}")
    for day in (1, 2, 3):
        withdrawn(f"withdrawn-{day}", datetime.datetime(2020, 1, day, tzinfo=UTC))
    _status, first_page = raw_answer(
        live_server, verb="ListIdentifiers", metadataPrefix="oai_dc"
    )

    headers = list(harvester.ListIdentifiers(metadataPrefix="oai_dc"))

    assert [(h.identifier, h.deleted) for h in headers] == [
        *((f"oai:testserver:event/published-{n:03}", False) for n in range(99)),
        *((f"oai:testserver:event/withdrawn-{day}", True) for day in (1, 2, 3)),
    ]
    assert len(first_page.findall(f"{OAI}ListIdentifiers/{OAI}header")) == PAGE_SIZE


@pytest.mark.parametrize("related", [1, 3])
def test_list_records_costs_the_same_queries_however_many_related_rows(
    client, django_assert_num_queries, related
):
    country = make_country()
    topics = [make_topic() for _ in range(related)]
    for _ in range(related):
        event = make_event(
            host_country=country,
            participating_countries=[make_country() for _ in range(related)],
            topics=topics,
            organizers=[make_organization() for _ in range(related)],
            series=make_series(),
            source=make_source(),
        )
        for order in range(related):
            make_participation(event, make_person(), order=order)

    with django_assert_num_queries(8):
        response = client.get("/oai/?verb=ListRecords&metadataPrefix=oai_dc")

    assert response.content.count(b"<record>") == related


def test_a_harvest_page_is_cached_and_no_other_page_for_its_arguments(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    make_event(slug="on-youth", topics=[make_topic(slug="youth")])
    harvest = "/oai/?verb=ListIdentifiers&metadataPrefix=oai_dc&set=topic:youth"
    client.get(harvest)
    client.get("/events/?verb=ListIdentifiers")

    with django_assert_num_queries(0):
        cached = client.get(harvest)
    # Rendered again: /events/ reads no verb, and is not kept once per value.
    with django_assert_max_num_queries(20) as queries:
        client.get("/events/?verb=ListIdentifiers")

    assert b"oai:testserver:event/on-youth" in cached.content
    assert len(queries) > 0


def test_an_error_answer_is_not_cached(client):
    response = client.get("/oai/?verb=Made-up")

    assert error_codes(etree.fromstring(response.content)) == ["badVerb"]
    assert "no-store" in response["Cache-Control"]


def test_a_deleted_event_whose_version_is_unreadable_is_left_out_and_logged(
    harvester, admin_client, caplog
):
    for slug in ("unreadable", "readable"):
        with reversion.create_revision():
            event = make_event(slug=slug)
        admin_client.post(f"/admin/events/event/{event.pk}/delete/", {"post": "yes"})
    unreadable = Version.objects.get(object_repr="Unreadable")
    unreadable.serialized_data = '[{"status": "published"'
    unreadable.save()

    headers = list(harvester.ListIdentifiers(metadataPrefix="oai_dc"))

    assert deletions(headers) == [
        ("oai:testserver:event/readable", headers[0].datestamp, [])
    ]
    assert [
        r.getMessage() for r in caplog.records if r.name == "public.selectors.oai"
    ] == [f"Version {unreadable.pk} of a deleted event is unreadable"]
