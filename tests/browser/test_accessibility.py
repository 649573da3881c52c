"""axe-core on every page type: no serious or critical violation."""

from axe_playwright_python.sync_playwright import Axe

PAGES = [
    "/",
    "/events/",
    "/events/?country=serbia&year=2015",
    "/events/?country=atlantis",
    "/events/?participating_country=serbia&participating_country=russia&kind=school",
    "/ru/events/?topic=soft-power",
    "/events/filters/topic/?year=2015",
    "/events/filters/person/?find=semerikov",
    "/events/4th-csto-academy-2015/",
    "/events/4th-csto-academy-2015/?results=kind%3Dschool%26kind%3Dacademy_session",
    "/events/csto-youth-school-serbia-2015/",
    "/people/",
    "/people/?country=armenia&topic=migration",
    "/ru/people/filters/organization/?find=csto",
    "/people/david-virabyan/",
    "/countries/",
    "/countries/serbia/",
    "/organizations/",
    "/organizations/csto/",
    "/topics/",
    "/topics/migration/",
    "/series/",
    "/series/csto-academy/",
    "/search/?q=csto",
    "/on-this-day/06-25/",
    "/ru/on-this-day/06-25/",
    "/no-such-page/",
]


def serious_violations(page):
    violations = Axe().run(page).response["violations"]
    return sorted(
        violation["id"]
        for violation in violations
        if violation["impact"] in {"serious", "critical"}
    )


def test_no_serious_violation_on_any_page(page, live_server, archive_2015):
    found = {}
    for url in PAGES:
        page.goto(live_server.url + url)
        found[url] = serious_violations(page)

    assert found == {url: [] for url in PAGES}


def test_no_serious_violation_on_a_phone(phone_page, live_server, archive_2015):
    found = {}
    for url in (
        "/",
        "/events/",
        "/events/filters/topic/",
        "/ru/events/",
        "/people/?country=armenia",
        "/events/4th-csto-academy-2015/",
    ):
        phone_page.goto(live_server.url + url)
        found[url] = serious_violations(phone_page)

    assert found == {url: [] for url in found}
