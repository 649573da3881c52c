import datetime

import pytest
from django.db import IntegrityError
from django.db.models import ProtectedError

from events.dates import DatePrecision
from events.models import Event, Participation
from tests.factories import (
    make_draft,
    make_event,
    make_participation,
    make_person,
    make_series,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db

JUNE_25 = datetime.date(2015, 6, 25)


def test_event_str_and_url():
    event = make_event(title="4th CSTO Academy", slug="4th-csto-academy-2015")

    assert str(event) == "4th CSTO Academy"
    assert event.get_absolute_url() == "/events/4th-csto-academy-2015/"


def test_event_end_before_start_refused():
    with pytest.raises(IntegrityError):
        make_event(start_date=JUNE_25, end_date=datetime.date(2015, 6, 24))


def test_event_end_without_start_refused():
    with pytest.raises(IntegrityError):
        make_draft(
            start_date=None,
            end_date=datetime.date(2015, 6, 24),
        )


def test_event_end_on_start_day_accepted():
    event = make_event(start_date=JUNE_25, end_date=JUNE_25)

    assert event.end_date == JUNE_25


def test_published_event_without_date_refused():
    with pytest.raises(IntegrityError):
        make_event(status=Event.Status.PUBLISHED, start_date=None)


def test_draft_event_without_date_accepted():
    event = make_draft(start_date=None)

    assert event.start_date is None


def test_session_number_without_series_refused():
    with pytest.raises(IntegrityError):
        make_event(session_number=4)


def test_session_number_duplicate_in_series_refused():
    series = make_series()
    make_event(series=series, session_number=4)

    with pytest.raises(IntegrityError):
        make_event(series=series, session_number=4)


def test_events_without_session_number_share_a_series():
    series = make_series()
    make_event(series=series)
    make_event(series=series)

    assert series.events.count() == 2


def test_same_person_twice_in_one_event_refused():
    event, person = make_event(), make_person()
    make_participation(event, person)

    with pytest.raises(IntegrityError):
        make_participation(event, person, role=Participation.Role.MODERATOR)


def test_month_precision_stored_as_first_of_month_and_shown_as_month():
    event = make_event(
        start_date=datetime.date(2015, 10, 17), date_precision=DatePrecision.MONTH
    )
    event.refresh_from_db()

    assert event.start_date == datetime.date(2015, 10, 1)
    assert event.dates_display == "October 2015"


def test_year_precision_shown_as_year():
    event = make_event(
        start_date=datetime.date(2012, 11, 5), date_precision=DatePrecision.YEAR
    )

    assert event.start_date == datetime.date(2012, 1, 1)
    assert event.dates_display == "2012"


def test_day_precision_range_shows_both_days():
    event = make_event(start_date=JUNE_25, end_date=datetime.date(2015, 6, 27))

    assert event.dates_display == "25–27 June 2015"


def test_series_start_shown_to_its_precision():
    series = make_series(
        started_on=datetime.date(2012, 11, 20), started_precision=DatePrecision.MONTH
    )

    assert series.started_display == "November 2012"
    assert series.get_absolute_url() == f"/series/{series.slug}/"


def test_published_queryset_excludes_drafts():
    published = make_event()
    make_draft()

    assert list(Event.objects.published()) == [published]


def test_past_and_upcoming_split_on_today():
    today = datetime.date.today()
    past = make_event(start_date=today - datetime.timedelta(days=1))
    upcoming = make_event(start_date=today + datetime.timedelta(days=1))

    assert list(Event.objects.past()) == [past]
    assert list(Event.objects.upcoming()) == [upcoming]


def test_deleting_event_removes_its_speakers_list_not_the_people():
    person = make_person()
    event = make_event()
    make_participation(event, person)

    event.delete()

    assert Participation.objects.count() == 0
    person.refresh_from_db()


def test_topic_of_an_event_is_detached_not_cascaded():
    topic = make_topic()
    event = make_event(topics=[topic])

    topic.delete()

    assert Event.objects.filter(pk=event.pk).exists()


def test_series_with_events_cannot_be_deleted():
    series = make_series()
    make_event(series=series)

    with pytest.raises(ProtectedError):
        series.delete()


def test_source_of_an_event_cannot_be_deleted():
    source = make_source()
    make_event(source=source)

    with pytest.raises(ProtectedError):
        source.delete()


def test_topic_str_and_url():
    topic = make_topic(name="Soft power", slug="soft-power")

    assert str(topic) == "Soft power"
    assert topic.get_absolute_url() == "/topics/soft-power/"
