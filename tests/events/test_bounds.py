"""Every input is bounded: years, values per filter, and the dates staff enter."""

import pytest

from events.models import Event
from tests.factories import make_event
from tests.helpers import content_of, event_form, soup_of

pytestmark = pytest.mark.django_db

# "²" and "⑤" are digits to str.isdigit() but not to int(); 9999 + 1 is no year.
BAD_YEARS = ("²", "⑤", "9999", "0", "-1", "1899", "2101", "abc", "")
LISTS = ("/events/", "/ru/events/", "/events.csv", "/events.ics", "/api/events/")


@pytest.mark.parametrize("year", BAD_YEARS[:-1])
@pytest.mark.parametrize("url", LISTS)
def test_a_bad_year_is_a_clear_error_not_a_server_error(client, url, year):
    make_event()

    response = client.get(url, {"year": year})

    if url in ("/events/", "/ru/events/"):
        assert response.status_code == 200
        errors = soup_of(response).select_one(".filters .errorlist")
        assert errors is not None
        assert "events found" not in content_of(response).split("result-count")[0]
    else:
        assert response.status_code == 400
        assert "year" in content_of(response)


def test_a_year_in_range_still_filters(client):
    make_event(title="Kept", start_date="2015-06-25")
    make_event(title="Dropped", start_date="2016-06-25")

    response = client.get("/api/events/", {"year": "2015"})

    assert [event["title"] for event in response.json()["results"]] == ["Kept"]


@pytest.mark.parametrize("year", ["abc", "0", "10000", "²"])
def test_admin_year_filter_ignores_a_bad_year(admin_client, year):
    make_event(title="Listed")

    response = admin_client.get("/admin/events/event/", {"year": year})

    assert response.status_code == 200


@pytest.mark.parametrize("parameter", ["q", "country", "year", "sort"])
def test_too_many_values_of_one_parameter_are_refused(client, parameter):
    values = [str(number) for number in range(990)]

    page = client.get("/events/", {parameter: values})
    api = client.get("/api/events/", {parameter: values})

    assert page.status_code == 200
    assert len(page.content) < 100_000
    assert "at most" in soup_of(page).select_one(".filters .errorlist").get_text()
    assert api.status_code == 400


@pytest.mark.parametrize(
    ("start", "end"),
    [("9999-12-31", ""), ("1899-12-31", ""), ("2015-06-25", "2101-01-01")],
)
def test_staff_cannot_enter_a_date_outside_the_archive(admin_client, start, end):
    response = admin_client.post(
        "/admin/events/event/add/",
        event_form(start_date=start, end_date=end, status=Event.Status.PUBLISHED),
    )

    assert response.status_code == 200
    assert not Event.objects.exists()
    assert "1900" in soup_of(response).select_one(".errorlist").get_text()
