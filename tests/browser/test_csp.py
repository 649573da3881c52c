"""The strict Content-Security-Policy breaks nothing: no violation anywhere."""

import pytest
from playwright.sync_api import expect

from tests.factories import (
    make_country,
    make_event,
    make_participation,
    make_person,
    make_topic,
)

# Registered before any page script runs; the browser reports each blocked
# resource, inline script, inline style or eval as this event.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI}`
    + ` at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def watched_page(page):
    """A page that keeps every CSP violation, from events and from the console."""
    console = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )

    def violations():
        return console + page.evaluate("window.cspViolations")

    page.violations = violations
    return page


@pytest.fixture
def archive_event(db):
    country = make_country(name="Armenia")
    event = make_event(
        title="Closing Session",
        host_country=country,
        participating_countries=[country],
        topics=[make_topic(name="Security")],
    )
    make_participation(event, make_person(name="Anna Orlova"))
    make_person(name="Boris Petrov")
    return event


@pytest.mark.parametrize(
    "path",
    (
        "/",
        "/events/",
        "/events/closing-session/",
        "/people/",
        "/countries/",
        "/search/?q=session",
        "/ru/events/",
        "/no-such-page/",
    ),
)
def test_public_page_loads_without_csp_violation(
    watched_page, live_server, archive_event, path
):
    archive_event.slug = "closing-session"
    archive_event.save()

    watched_page.goto(live_server.url + path)
    watched_page.wait_for_load_state("networkidle")

    assert watched_page.violations() == []


def test_admin_login_and_event_autocomplete_load_without_csp_violation(
    watched_page, live_server, archive_event, admin_user
):
    page = watched_page

    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + f"/admin/events/event/{archive_event.pk}/change/")
    page.locator("#participations-1 .select2-selection").click()
    page.locator(".select2-search--dropdown .select2-search__field").fill("Petrov")
    page.locator(".select2-results__option", has_text="Boris Petrov").click()
    page.locator("#participations-1 .select2-selection").click()
    page.keyboard.press("Escape")
    page.wait_for_load_state("networkidle")

    expect(page.locator("#participations-1 .select2-selection")).to_contain_text(
        "Boris Petrov"
    )
    assert page.violations() == []


def test_api_docs_load_without_csp_violation(watched_page, live_server, db):
    watched_page.goto(live_server.url + "/api/docs/")

    # Rendered only once the schema has been fetched and read.
    expect(watched_page.locator(".swagger-ui .info .title")).to_contain_text(
        "Academy Archive API"
    )

    assert watched_page.violations() == []
