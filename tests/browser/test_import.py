"""Staff import events from a spreadsheet: a file with a bad row shows what is
wrong and imports nothing; fixed, it imports every row."""

from playwright.sync_api import expect
from reversion.models import Version

from events.models import Event
from tests.browser.test_history import log_in
from tests.factories import make_country, make_person, make_series
from tests.helpers import ROOT

HEADER = (ROOT / "fixtures/import/events-template.csv").read_text().strip()


def upload(page, base_url, path):
    page.goto(base_url + "/admin/events/event/import/")
    page.locator("input[name=import_file]").set_input_files(path)
    page.locator("select[name=format]").select_option(label="csv")
    page.locator("input[type=submit]").click()


def test_a_file_with_a_bad_row_imports_nothing_until_fixed(
    page, live_server, admin_user, tmp_path
):
    make_country(name="Kyrgyzstan", slug="kyrgyzstan")
    make_country(name="Russia", slug="russia")
    make_series(name="CSTO Academy", slug="csto-academy")
    make_person(name="Valery Semerikov")
    rows = [
        "5th-csto-academy,5th CSTO Academy,,academy_session,draft,held,June 2016,"
        "Moscow,,Russia,csto-academy,5,,,Russia; Kyrgyz Republic,,,Valery Semerikov",
        "6th-csto-academy,6th CSTO Academy,,academy_session,draft,held,2017,"
        ",,,csto-academy,6,,,,,,",
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([HEADER, *rows]) + "\n")
    fixed = tmp_path / "fixed.csv"
    fixed.write_text(
        "\n".join(
            [HEADER, *(row.replace("Kyrgyz Republic", "Kyrgyzstan") for row in rows)]
        )
        + "\n"
    )

    log_in(page, live_server.url, "admin", "password")
    upload(page, live_server.url, bad)

    expect(page.locator("body")).to_contain_text(
        "No country named “Kyrgyz Republic”. Did you mean: Kyrgyzstan?"
    )
    expect(page.locator("input[value='Confirm import']")).to_have_count(0)
    assert not Event.objects.exists()

    upload(page, live_server.url, fixed)
    expect(page.locator("body")).to_contain_text("New")
    page.locator("input[value='Confirm import']").click()
    expect(page.locator(".messagelist")).to_contain_text("2 new")

    fifth = Event.objects.get(slug="5th-csto-academy")
    assert (str(fifth.start_date), fifth.date_precision, fifth.session_number) == (
        "2016-06-01",
        "month",
        5,
    )
    assert sorted(c.slug for c in fifth.participating_countries.all()) == [
        "kyrgyzstan",
        "russia",
    ]
    assert [str(person) for person in fifth.speakers.all()] == ["Valery Semerikov"]
    assert Event.objects.get(slug="6th-csto-academy").date_precision == "year"
    comment = Version.objects.get_for_object(fifth).get().revision.get_comment()
    assert comment == "Imported from a file."
