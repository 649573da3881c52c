import datetime

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse

from events.models import Event, Participation
from people.models import Country, Person
from tests.factories import (
    make_country,
    make_draft,
    make_event,
    make_participation,
    make_person,
    make_series,
    make_topic,
)
from tests.helpers import event_form, soup_of

ADD_URL = reverse("admin:events_event_add")
CHANGELIST_URL = reverse("admin:events_event_changelist")


def speaker(person, order, role="speaker", position=""):
    return {
        "person": str(person.pk),
        "role": role,
        "position_en": position,
        "position_ru": "",
        "order": str(order),
    }


def form_errors(response):
    """Every error message on the page's event form and its inline, flattened."""
    context = response.context
    messages = [
        e for errors in context["adminform"].form.errors.values() for e in errors
    ]
    for formset in context["inline_admin_formsets"]:
        messages += [
            e for errors in formset.formset.errors for e in errors.get("person", [])
        ]
        messages += formset.formset.non_form_errors()
    return messages


def test_event_add_by_editor_saves_whole_session(editor_client, editor):
    first, second = make_person(name="Anna Orlova"), make_person(name="Ivan Sokolov")
    countries = [make_country(), make_country()]
    topics = [make_topic(), make_topic(), make_topic()]

    response = editor_client.post(
        ADD_URL,
        event_form(
            speakers=[
                speaker(first, 1, role="opening_speaker", position="Rector"),
                speaker(second, 2, position="Professor"),
            ],
            start_date="2016-06-23",
            end_date="2016-06-24",
            city_en="Minsk",
            host_country=str(countries[0].pk),
            participating_countries=[str(c.pk) for c in countries],
            topics=[str(t.pk) for t in topics],
            status=Event.Status.PUBLISHED,
        ),
    )

    assert response.status_code == 302
    event = Event.objects.get(slug="5th-csto-academy")
    assert (event.title, event.city, event.status) == (
        "5th CSTO Academy",
        "Minsk",
        Event.Status.PUBLISHED,
    )
    assert (event.start_date, event.end_date) == (
        datetime.date(2016, 6, 23),
        datetime.date(2016, 6, 24),
    )
    assert [
        (p.person.name, p.role, p.position, p.order)
        for p in event.participations.select_related("person")
    ] == [
        ("Anna Orlova", "opening_speaker", "Rector", 1),
        ("Ivan Sokolov", "speaker", "Professor", 2),
    ]
    assert set(event.participating_countries.all()) == set(countries)
    assert set(event.topics.all()) == set(topics)
    assert list(
        LogEntry.objects.filter(object_id=str(event.pk)).values_list(
            "user", "action_flag"
        )
    ) == [(editor.pk, ADDITION)]


def test_event_add_form_renders_autocomplete_widgets(editor_client):
    response = editor_client.get(ADD_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-field-name="person"' in content
    assert 'data-field-name="topics"' in content
    assert 'data-field-name="participating_countries"' in content


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"start_date": "2016-06-24", "end_date": "2016-06-23"},
            "The event cannot end before it starts: check both dates.",
        ),
        (
            {"end_date": "2016-06-23"},
            "Enter the start date as well as the end date.",
        ),
        (
            {"status": Event.Status.PUBLISHED},
            "A published event needs a start date. Enter one, or keep the event "
            "as a draft.",
        ),
        (
            {"session_number": "5"},
            "A session number needs a series: choose the series, or leave the "
            "number empty.",
        ),
        ({"start_date": "31 June 2016"}, "There is no such date: 31 June 2016."),
        (
            {"start_date": "06/07/2016"},
            "Enter a date as 25 June 2015, June 2015, 2015, 2015-06-25, 2015-06 "
            "or 25.06.2015.",
        ),
        ({"start_date": "June 9999"}, "Enter a date from 1900 to 2100."),
        (
            {"start_date": "June 2016", "end_date": "2016-06-30"},
            "An end date needs a start date known to the day: give the day it "
            "started, or leave the end date empty.",
        ),
    ],
)
def test_event_add_invalid_dates_or_numbers_refused(editor_client, fields, message):
    person = make_person()

    response = editor_client.post(
        ADD_URL, event_form(speakers=[speaker(person, 1)], **fields)
    )

    assert response.status_code == 200
    assert form_errors(response) == [message]
    assert (Event.objects.count(), Participation.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("25 June 2015", (datetime.date(2015, 6, 25), "day"), "25 June 2015"),
        ("2015-06-25", (datetime.date(2015, 6, 25), "day"), "25 June 2015"),
        ("25.06.2015", (datetime.date(2015, 6, 25), "day"), "25 June 2015"),
        ("June 2015", (datetime.date(2015, 6, 1), "month"), "June 2015"),
        ("2015-06", (datetime.date(2015, 6, 1), "month"), "June 2015"),
        ("июнь 2015", (datetime.date(2015, 6, 1), "month"), "June 2015"),
        ("2015", (datetime.date(2015, 1, 1), "year"), "2015"),
    ],
)
def test_event_date_typed_once_sets_how_precisely_it_is_known(
    editor_client, client, typed, stored, shown
):
    response = editor_client.post(
        ADD_URL,
        event_form(start_date=typed, status=Event.Status.PUBLISHED),
    )
    event = Event.objects.get()
    change_form = editor_client.get(
        reverse("admin:events_event_change", args=[event.pk])
    )
    page = client.get(event.get_absolute_url())

    assert response.status_code == 302
    assert (event.start_date, event.date_precision) == stored
    date_input = change_form.context["adminform"].form["start_date"]
    assert date_input.value() == shown  # reopened as typed, not "2015-06"
    assert soup_of(page).select_one(".facts time").get_text() == shown


def test_event_saved_with_its_date_unchanged_keeps_it_and_logs_no_change(
    editor_client,
):
    event = make_draft(
        title="5th CSTO Academy",
        slug="5th-csto-academy",
        kind=Event.Kind.ACADEMY_SESSION,
        start_date=datetime.date(2016, 6, 1),
        date_precision="month",
    )
    url = reverse("admin:events_event_change", args=[event.pk])

    response = editor_client.post(
        url, event_form(start_date="2016-06", summary_en="A new summary.")
    )

    event.refresh_from_db()
    assert response.status_code == 302
    assert (event.start_date, event.date_precision) == (
        datetime.date(2016, 6, 1),
        "month",
    )
    change = LogEntry.objects.get(object_id=str(event.pk))
    assert change.get_change_message() == "Changed Summary [en]."


@pytest.mark.parametrize(
    ("language", "start", "end"),
    [
        ("en", "June 2016", ""),
        ("ru", "июнь 2016 г.", ""),
    ],
)
def test_event_partial_date_reopens_as_typed_and_saves_unchanged(
    editor_client, language, start, end
):
    event = make_draft(
        start_date=datetime.date(2016, 6, 1), date_precision="month", slug="june"
    )
    url = reverse("admin:events_event_change", args=[event.pk])
    editor_client.cookies["django_language"] = language

    change_form = soup_of(editor_client.get(url))
    shown = change_form.select_one("#id_start_date")["value"]
    response = editor_client.post(url, event_form(start_date=shown, slug="june"))

    event.refresh_from_db()
    assert (shown, change_form.select_one("#id_end_date").get("value", "")) == (
        start,
        end,
    )
    assert response.status_code == 302
    assert (event.start_date, event.date_precision) == (
        datetime.date(2016, 6, 1),
        "month",
    )


@pytest.mark.parametrize("language", ["en", "ru"])
def test_event_start_and_end_dates_are_typed_alike(editor_client, language):
    event = make_draft(
        start_date=datetime.date(2016, 6, 23),
        end_date=datetime.date(2016, 6, 24),
        slug="june",
    )
    editor_client.cookies["django_language"] = language

    change_form = soup_of(
        editor_client.get(reverse("admin:events_event_change", args=[event.pk]))
    )
    inputs = [
        change_form.select_one(f"#id_{name}") for name in ("start_date", "end_date")
    ]

    assert [(i["type"], i.get("class")) for i in inputs] == [("text", None)] * 2
    assert [i["value"] for i in inputs] == {
        "en": ["23 June 2016", "24 June 2016"],
        "ru": ["23 июня 2016 г.", "24 июня 2016 г."],
    }[language]


def test_event_end_date_to_the_month_refused(editor_client):
    response = editor_client.post(
        ADD_URL, event_form(start_date="23 June 2016", end_date="July 2016")
    )

    assert response.status_code == 200
    assert form_errors(response) == ["Give the day the event ended, e.g. 26 June 2015."]


@pytest.fixture
def moscow_event():
    """A published event in Moscow, hosted by Russia."""
    russia = make_country(name="Russia", name_ru="Россия")
    return make_event(
        city="Moscow", host_country=russia, participating_countries=[russia]
    )


def publishing_form(**fields):
    return event_form(status=Event.Status.PUBLISHED, start_date="June 2016", **fields)


def test_publishing_an_event_hosted_elsewhere_than_its_city_warns(
    editor_client, moscow_event
):
    belarus = make_country(name="Belarus")
    fields = {
        "city_en": "Moscow",
        "host_country": str(belarus.pk),
        "participating_countries": [str(belarus.pk)],
    }

    warned = editor_client.post(ADD_URL, publishing_form(**fields))
    saved_as_draft = editor_client.post(
        ADD_URL,
        event_form(start_date="June 2016", slug="draft-in-moscow", **fields),
    )
    confirmed = editor_client.post(
        ADD_URL, publishing_form(checked_warnings="on", **fields)
    )

    assert warned.status_code == 200
    assert form_errors(warned) == [
        "Other events in Moscow were hosted by Russia, not Belarus: check the host "
        "country."
    ]
    assert (saved_as_draft.status_code, confirmed.status_code) == (302, 302)
    assert Event.objects.filter(slug="5th-csto-academy", status="published").exists()


def test_publishing_an_event_whose_host_is_not_taking_part_warns(editor_client):
    russia, serbia = make_country(name="Russia"), make_country(name="Serbia")

    warned = editor_client.post(
        ADD_URL,
        publishing_form(
            host_country=str(russia.pk), participating_countries=[str(serbia.pk)]
        ),
    )

    assert form_errors(warned) == [
        "The host country, Russia, is not among the countries taking part."
    ]
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "position",
    [
        {"position_en": "Plenipotentiary Representative of Armenia to the CSTO"},
        {"position_ru": "Полномочный представитель Армении при ОДКБ"},
    ],
)
def test_publishing_with_a_speaker_whose_position_names_another_country_warns(
    editor_client, position
):
    russia = make_country(name="Russia", name_ru="Россия")
    make_country(name="Armenia", name_ru="Армения")
    person = make_person(name="Viktor Vasiliev", country=russia)
    row = {**speaker(person, 1), **position}

    warned = editor_client.post(ADD_URL, publishing_form(speakers=[row]))
    confirmed = editor_client.post(
        ADD_URL, publishing_form(speakers=[row], checked_warnings="on")
    )

    assert warned.status_code == 200
    errors = warned.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert list(errors) == [
        "Viktor Vasiliev is from Russia, but their position names Armenia: check "
        "the position or their country."
    ]
    assert confirmed.status_code == 302


def test_a_position_naming_the_speakers_own_country_too_is_not_warned(editor_client):
    russia = make_country(name="Russia")
    make_country(name="Serbia")
    person = make_person(name="An Envoy", country=russia)
    row = {**speaker(person, 1), "position_en": "Ambassador of Russia to Serbia"}

    response = editor_client.post(ADD_URL, publishing_form(speakers=[row]))

    assert response.status_code == 302


def test_event_add_taken_session_number_refused(editor_client):
    series = make_series(name="CSTO Academy")
    make_event(title="4th CSTO Academy", series=series, session_number=4)

    response = editor_client.post(
        ADD_URL, event_form(series=str(series.pk), session_number="4")
    )

    assert response.status_code == 200
    assert form_errors(response) == [
        "Session 4 of CSTO Academy is already “4th CSTO Academy”."
    ]
    assert Event.objects.count() == 1


def test_event_add_same_speaker_twice_refused(editor_client):
    person = make_person(name="Anna Orlova")

    response = editor_client.post(
        ADD_URL,
        event_form(speakers=[speaker(person, 1), speaker(person, 2)]),
    )

    assert response.status_code == 200
    assert form_errors(response) == [
        "Anna Orlova is already listed as a speaker of this event."
    ]
    assert (Event.objects.count(), Participation.objects.count()) == (0, 0)


def test_event_delete_by_editor_forbidden(editor_client):
    event = make_event()

    response = editor_client.post(
        reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


def test_event_changelist_for_editor_offers_no_delete_action(editor_client):
    make_event()

    response = editor_client.get(CHANGELIST_URL)

    actions = [
        value for value, _ in response.context["action_form"].fields["action"].choices
    ]
    assert actions == ["", "publish", "unpublish"]


def test_editors_group_may_add_change_view_but_not_delete(editor):
    permissions = Group.objects.get(name="Editors").permissions

    codenames = set(permissions.values_list("codename", flat=True))

    models = (
        "event",
        "participation",
        "topic",
        "series",
        "source",
        "person",
        "personname",
        "organization",
        "country",
        "eventphoto",
        "eventdocument",
        "eventlink",
    )
    # Corrections come from visitors: editors review them, never add one.
    assert codenames == {
        f"{action}_{model}" for model in models for action in ("add", "change", "view")
    } | {"change_correction", "view_correction"}
    assert not editor.has_perm("auth.change_user")


def test_draft_hidden_from_public_site_until_published(client, editor_client):
    editor_client.post(ADD_URL, event_form(start_date="2016-06-23"))
    event = Event.objects.get(slug="5th-csto-academy")

    draft_detail = client.get(event.get_absolute_url())
    draft_list = client.get(reverse("events:event-list"))
    editor_client.post(
        CHANGELIST_URL, {"action": "publish", "_selected_action": [event.pk]}
    )
    published_detail = client.get(event.get_absolute_url())
    published_list = client.get(reverse("events:event-list"))

    assert draft_detail.status_code == 404
    assert "5th CSTO Academy" not in draft_list.content.decode()
    assert published_detail.status_code == 200
    assert "5th CSTO Academy" in published_list.content.decode()


def test_publish_action_logs_each_event(editor_client, editor):
    drafts = [
        make_draft(),
        make_draft(),
    ]

    editor_client.post(
        CHANGELIST_URL,
        {"action": "publish", "_selected_action": [e.pk for e in drafts]},
    )

    assert set(Event.objects.values_list("status", flat=True)) == {"published"}
    entries = LogEntry.objects.filter(action_flag=CHANGE, user=editor)
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(
        str(e.pk) for e in drafts
    )
    assert {entry.get_change_message() for entry in entries} == {"Changed Status."}


def test_publish_action_with_undated_event_publishes_nothing(editor_client):
    dated = make_draft()
    undated = make_draft(title="Undated Seminar", start_date=None)

    response = editor_client.post(
        CHANGELIST_URL,
        {"action": "publish", "_selected_action": [dated.pk, undated.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Nothing was published: 1 event fails the checks an event gets before it "
        "is published. Correct it, or publish it from its own form, where its "
        "warnings can be confirmed.",
        "“Undated Seminar”: A published event needs a start date. Enter one, or "
        "keep the event as a draft.",
    ]
    assert set(Event.objects.values_list("status", flat=True)) == {"draft"}
    assert not LogEntry.objects.exists()


def test_publish_action_refuses_what_the_event_form_warns_of(editor_client):
    russia, armenia = make_country(name="Russia"), make_country(name="Armenia")
    make_country(name="Serbia")
    envoy = make_person(name="An Envoy", country=russia)
    checked = make_draft(host_country=russia, participating_countries=[russia])
    hosted_elsewhere = make_draft(
        title="Round Table", host_country=russia, participating_countries=[armenia]
    )
    misplaced = make_draft(title="School")
    make_participation(misplaced, envoy, position="Ambassador to Serbia")

    response = editor_client.post(
        CHANGELIST_URL,
        {
            "action": "publish",
            "_selected_action": [checked.pk, hosted_elsewhere.pk, misplaced.pk],
        },
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Nothing was published: 2 events fail the checks an event gets before it "
        "is published. Correct them, or publish each from its own form, where its "
        "warnings can be confirmed.",
        "“Round Table”: The host country, Russia, is not among the countries "
        "taking part.",
        "“School”: An Envoy is from Russia, but their position names Serbia: check "
        "the position or their country.",
    ]
    assert set(Event.objects.values_list("status", flat=True)) == {"draft"}


def test_unpublish_action_returns_events_to_draft(editor_client):
    event = make_event()

    editor_client.post(
        CHANGELIST_URL, {"action": "unpublish", "_selected_action": [event.pk]}
    )

    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT
    assert LogEntry.objects.get().object_id == str(event.pk)


@pytest.mark.parametrize("events", [1, 6])
def test_event_changelist_queries_do_not_grow_with_rows(
    admin_client, django_assert_num_queries, events
):
    country, topic = make_country(), make_topic()
    for _ in range(events):
        event = make_event(host_country=country, topics=[topic])
        for _ in range(3):
            make_participation(event, make_person())

    # With the savepoint and release of the request's revision (history).
    with django_assert_num_queries(12):
        response = admin_client.get(CHANGELIST_URL)

    assert len(response.context["cl"].result_list) == events


def test_event_changelist_counts_speakers(admin_client):
    event = make_event()
    for _ in range(3):
        make_participation(event, make_person())

    response = admin_client.get(CHANGELIST_URL)

    assert [e.speaker_count for e in response.context["cl"].result_list] == [3]


def test_event_search_matches_speaker_alternative_name(admin_client, archive_2015):
    response = admin_client.get(CHANGELIST_URL, {"q": "Viktor Vasiliev"})

    assert [e.title for e in response.context["cl"].result_list] == ["4th CSTO Academy"]


def test_event_filter_by_year(admin_client):
    make_event(title="Old", start_date=datetime.date(2014, 5, 1))
    make_event(title="New", start_date=datetime.date(2015, 5, 1))

    response = admin_client.get(CHANGELIST_URL, {"year": "2015"})

    assert [e.title for e in response.context["cl"].result_list] == ["New"]


def test_person_autocomplete_matches_cyrillic_alternative_name(
    editor_client, archive_2015
):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "events",
            "model_name": "participation",
            "field_name": "person",
            "term": "Васильев",
        },
    )

    assert [r["text"] for r in response.json()["results"]] == ["Victor Vasilyev"]


def test_event_change_form_view_on_site_only_when_published(admin_client):
    draft = make_draft()
    published = make_event()

    draft_page = admin_client.get(reverse("admin:events_event_change", args=[draft.pk]))
    published_page = admin_client.get(
        reverse("admin:events_event_change", args=[published.pk])
    )

    assert draft_page.context["has_absolute_url"] is False
    assert published_page.context["has_absolute_url"] is True


@pytest.mark.parametrize(
    ("model", "column"),
    [("topic", "topics__id__exact"), ("series", "series__id__exact")],
)
def test_topic_and_series_changelists_link_event_counts(admin_client, model, column):
    topic, series = make_topic(), make_series()
    make_event(topics=[topic], series=series)
    make_event(topics=[topic], series=series)
    record = topic if model == "topic" else series

    response = admin_client.get(reverse(f"admin:events_{model}_changelist"))

    assert (
        f'<a href="{CHANGELIST_URL}?{column}={record.pk}">2</a>'
        in response.content.decode()
    )


def test_admin_site_branded_with_view_site_link(admin_client):
    response = admin_client.get(reverse("admin:index"))

    content = response.content.decode()
    assert "<title>Archive records | Academy Archive admin</title>" in content
    assert "Academy Archive administration" in content
    assert response.context["site_url"] == "/"


def test_country_search_used_by_autocomplete(editor_client):
    make_country(name="Kazakhstan", iso_code="KZ")
    make_country(name="Kyrgyzstan", iso_code="KG")

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "events",
            "model_name": "event",
            "field_name": "participating_countries",
            "term": "kaz",
        },
    )

    assert [r["text"] for r in response.json()["results"]] == ["Kazakhstan"]
    assert Country.objects.count() == 2
    assert Person.objects.count() == 0


def test_editor_removes_a_speaker_from_an_event(editor_client):
    event = make_event(slug="5th-csto-academy")
    kept, removed = make_person(name="Anna Orlova"), make_person(name="Ivan Sokolov")
    rows = [make_participation(event, kept, order=1)]
    rows.append(make_participation(event, removed, order=2))
    data = event_form(
        speakers=[
            {
                **speaker(row.person, row.order),
                "id": str(row.pk),
                "event": str(event.pk),
            }
            for row in rows
        ],
        start_date="2015-06-25",
        status=Event.Status.PUBLISHED,
    )
    data |= {"participations-INITIAL_FORMS": "2", "participations-1-DELETE": "on"}

    response = editor_client.post(
        reverse("admin:events_event_change", args=[event.pk]), data
    )

    assert response.status_code == 302
    assert [p.person for p in event.participations.all()] == [kept]
    # Only the link went: the person stays in the archive.
    assert Person.objects.filter(pk=removed.pk).exists()


def test_host_country_autocomplete_offers_names_starting_with_the_term_first(
    editor_client,
):
    make_country(name="Belarus", name_ru="Беларусь")
    make_country(name="Russia", name_ru="Россия")

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Rus",
            "app_label": "events",
            "model_name": "event",
            "field_name": "host_country",
        },
    )

    assert [result["text"] for result in response.json()["results"]] == [
        "Russia",
        "Belarus",
    ]


@pytest.mark.parametrize("field", ["title_en", "summary_en", "city_ru"])
def test_event_add_with_a_control_character_refused(editor_client, field):
    response = editor_client.post(ADD_URL, event_form(**{field: "Opening\x0bsession"}))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        field: [
            "Remove the control character U+000B: feeds and downloads cannot carry it."
        ]
    }
    assert not Event.objects.exists()


def test_event_add_with_tabs_and_line_breaks_saved(editor_client):
    response = editor_client.post(
        ADD_URL, event_form(summary_en="First line\r\nSecond\tline")
    )

    assert response.status_code == 302
    assert Event.objects.get().summary_en == "First line\r\nSecond\tline"
