"""Staff review the corrections visitors suggest: listed by status and kind
of record, announced on the record's own admin page, accepted into an edit
of the record or dismissed; what a visitor wrote is never markup."""

import pytest
from django.urls import reverse

from events.corrections import record_correction
from events.models import Correction
from tests.factories import make_country, make_event, make_person
from tests.helpers import soup_of

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:events_correction_changelist")
SCRIPT = "<script>alert('x')</script><b>bold</b>"


def suggest(record, wrong="Held in Yerevan", **fields):
    return record_correction(
        record=record,
        wrong=wrong,
        proposed=fields.pop("proposed", "Yerevan"),
        source_url=fields.pop("source_url", ""),
        language="en",
        sender="0" * 64,
    )


def change_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def listed(response):
    """(record, kind, what is wrong, status) of each row of the list."""
    return [
        tuple(
            row.select_one(f".field-{name}").get_text()
            for name in ("record_link", "kind_label", "wrong_excerpt", "status")
        )
        for row in soup_of(response).select("#result_list tbody tr")
    ]


def test_correction_list_shows_each_with_its_record(admin_client):
    event = make_event(title="Fourth Academy")
    person = make_person(name="Anna Orlova")
    suggest(event)
    suggest(person, wrong="Her post was another")

    response = admin_client.get(CHANGELIST_URL)

    assert listed(response) == [
        ("Anna Orlova", "Person", "Her post was another", "new"),
        ("Fourth Academy", "Event", "Held in Yerevan", "new"),
    ]
    link = soup_of(response).select_one(".field-record_link a")
    assert link["href"] == change_url(person)


def test_correction_list_filters_by_status_and_kind(admin_client):
    event, country = make_event(title="Fourth Academy"), make_country(name="Serbia")
    suggest(event)
    suggest(country, wrong="Not a member")
    dismissed = suggest(event, wrong="Spam")
    dismissed.status = Correction.Status.DISMISSED
    dismissed.save()

    by_kind = admin_client.get(CHANGELIST_URL, {"kind": "country"})
    by_status = admin_client.get(CHANGELIST_URL, {"status__exact": "dismissed"})

    assert listed(by_kind) == [("Serbia", "Country", "Not a member", "new")]
    assert listed(by_status) == [("Fourth Academy", "Event", "Spam", "dismissed")]


def test_correction_markup_is_shown_as_text(admin_client):
    correction = suggest(make_event(), wrong=SCRIPT, proposed=SCRIPT)

    pages = [
        admin_client.get(CHANGELIST_URL).content.decode(),
        admin_client.get(change_url(correction)).content.decode(),
    ]

    assert [SCRIPT in page or "<b>bold</b>" in page for page in pages] == [False] * 2
    assert ["&lt;script&gt;" in page for page in pages] == [True] * 2


def test_correction_source_address_is_text_not_a_link(admin_client):
    correction = suggest(make_event(), source_url="https://example.org/evidence")

    page = soup_of(admin_client.get(change_url(correction)))

    assert page.select_one(".field-source_text .readonly").get_text() == (
        "https://example.org/evidence"
    )
    assert page.select('a[href="https://example.org/evidence"]') == []


@pytest.mark.parametrize("kind", ["event", "person"])
def test_record_admin_page_announces_its_open_corrections(admin_client, kind):
    record = make_event() if kind == "event" else make_person()
    suggest(record)
    suggest(record, wrong="Another")
    done = suggest(record, wrong="Reviewed")
    done.status = Correction.Status.DISMISSED
    done.save()

    notice = soup_of(admin_client.get(change_url(record))).select_one(
        ".messagelist .warning"
    )

    assert notice.get_text(" ", strip=True) == (
        "Visitors suggested 2 corrections of this record, not yet reviewed. "
        "Review the suggestions"
    )
    assert notice.a["href"] == f"{CHANGELIST_URL}?{kind}={record.pk}&status__exact=new"
    assert len(listed(admin_client.get(notice.a["href"]))) == 2


def test_record_admin_page_without_open_corrections_says_nothing(admin_client):
    record = make_event()

    page = soup_of(admin_client.get(change_url(record)))

    assert page.select(".messagelist") == []


def test_correction_accepted_leads_to_editing_the_record(admin_client):
    event = make_event()
    correction = suggest(event)

    response = admin_client.post(change_url(correction), {"status": "accepted"})

    assert response.status_code == 302
    assert response["Location"] == change_url(event)
    correction.refresh_from_db()
    assert correction.status == Correction.Status.ACCEPTED


def test_corrections_dismissed_from_the_list(admin_client):
    corrections = [suggest(make_event()), suggest(make_person())]

    admin_client.post(
        CHANGELIST_URL,
        {"action": "dismiss", "_selected_action": [c.pk for c in corrections]},
    )

    assert set(Correction.objects.values_list("status", flat=True)) == {"dismissed"}


def test_correction_accepted_from_the_list_leads_to_its_record(admin_client):
    person = make_person()
    correction = suggest(person)

    response = admin_client.post(
        CHANGELIST_URL, {"action": "accept", "_selected_action": [correction.pk]}
    )

    assert response["Location"] == change_url(person)
    correction.refresh_from_db()
    assert correction.status == Correction.Status.ACCEPTED


def test_correction_is_never_added_in_the_admin(admin_client):
    response = admin_client.get(reverse("admin:events_correction_add"))

    assert response.status_code == 403


def test_editor_reviews_corrections(editor_client):
    correction = suggest(make_event())

    listing = editor_client.get(CHANGELIST_URL)
    response = editor_client.post(change_url(correction), {"status": "dismissed"})

    assert (listing.status_code, response.status_code) == (200, 302)
    correction.refresh_from_db()
    assert correction.status == Correction.Status.DISMISSED


@pytest.mark.parametrize("count", [1, 6])
def test_correction_list_queries_do_not_grow_with_rows(
    admin_client, django_assert_num_queries, count
):
    for _ in range(count):
        suggest(make_event())
        suggest(make_person())

    # The session, the user, two counts (all, and filtered) and the rows
    # with their records: none per row.
    with django_assert_num_queries(5):
        response = admin_client.get(CHANGELIST_URL)

    assert len(listed(response)) == 2 * count
