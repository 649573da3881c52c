"""English and Russian: the catalogue, every public page in both languages, the
language switcher, hreflang links, dates, the fallback to English and the admin."""

import ast
import os
import shutil
import subprocess

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import translation

from tests.factories import make_event
from tests.helpers import soup_of

PO = django_settings.BASE_DIR / "locale" / "ru" / "LC_MESSAGES" / "django.po"
ACADEMY = "/events/4th-csto-academy-2015/"
ACADEMY_SUMMARY = (
    "On 25 June 2015 the 4th CSTO Academy opened in Moscow at the CSTO Secretariat."
)
RUSSIAN_NAV = ["Мероприятия", "Люди", "Страны", "Организации", "Темы", "Программы"]
ENGLISH_NAV = ["Events", "People", "Countries", "Organizations", "Topics", "Programmes"]
# Interface strings from the header, footer and breadcrumbs: none may be left in
# English on a Russian page (the records themselves may fall back to English).
ENGLISH_INTERFACE = (
    "Academy Archive",
    "Skip to content",
    "Search the archive",
    "Home",
    "Events",
    "Programmes",
    "records of academic and diplomatic sessions",
)

# Every kind of public page: its path, and its heading in English and in Russian.
PAGES = [
    ("/", "Academy Archive", "Архив Академии"),
    ("/events/", "Events", "Мероприятия"),
    (ACADEMY, "4th CSTO Academy", "IV Академия ОДКБ"),
    ("/series/", "Programmes", "Программы"),
    ("/series/csto-academy/", "CSTO Academy", "Академия ОДКБ"),
    ("/topics/", "Topics", "Темы"),
    ("/topics/migration/", "Migration", "Миграция"),
    ("/people/", "People", "Люди"),
    ("/people/valery-semerikov/", "Valery Semerikov", "Валерий Семериков"),
    ("/countries/", "Countries", "Страны"),
    ("/countries/serbia/", "Serbia", "Сербия"),
    ("/organizations/", "Organizations", "Организации"),
    ("/organizations/gorchakov-fund/", "Gorchakov Fund", "Фонд Горчакова"),
    ("/search/?q=CSTO", "Search", "Поиск"),
]


def heading(page):
    return page.h1.get_text(" ", strip=True)


def nav_links(page):
    return [link.get_text() for link in page.select(".site-nav a")]


def switcher_links(page):
    return {
        link["hreflang"]: link["href"] for link in page.select(".language-switcher a")
    }


def alternates(page):
    return {
        link["hreflang"]: link["href"]
        for link in page.select("head link[rel=alternate][hreflang]")
    }


# The catalogue


def read_catalogue(path):
    """{(context, msgid, plural msgid): (translations, fuzzy)} of a .po file."""
    catalogue = {}
    for block in path.read_text().strip().split("\n\n"):
        fields, flags, key = {}, set(), None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith('"'):
                fields[key] += ast.literal_eval(line)
            elif not line.startswith("#"):
                key, _, value = line.partition(" ")
                fields[key] = ast.literal_eval(value)
        if fields.get("msgid"):  # not the header, nor an obsolete (#~) entry
            translations = [text for name, text in fields.items() if "msgstr" in name]
            key = (fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"))
            catalogue[key] = (translations, "fuzzy" in flags)
    return catalogue


def untranslated(extracted, catalogue):
    """The msgids of `extracted` that `catalogue` lacks, or holds fuzzy or empty."""
    return sorted(
        key[1]
        for key in extracted
        if key not in catalogue or catalogue[key][1] or not all(catalogue[key][0])
    )


@pytest.fixture
def source_copy(tmp_path, settings, monkeypatch):
    """The project's code and templates without the catalogue, as `make messages`
    reads them (tests, bench and collected static files left out)."""
    tree = tmp_path / "source"
    shutil.copytree(
        settings.BASE_DIR,
        tree,
        ignore=shutil.ignore_patterns(
            ".*",
            "__pycache__",
            "*.egg-info",
            "*.sqlite3*",
            "locale",
            "media",
            "staticfiles",
            "tests",
            "bench",
        ),
    )
    (tree / "locale").mkdir()
    settings.LOCALE_PATHS = [tree / "locale"]
    monkeypatch.chdir(tree)
    return tree


def extract(tree):
    """The strings marked for translation in `tree`, with the Makefile's options."""
    call_command(
        "makemessages",
        locale=["ru"],
        no_location=True,
        no_obsolete=True,
        verbosity=0,
    )
    return read_catalogue(tree / "locale" / "ru" / "LC_MESSAGES" / "django.po")


def test_catalogue_translates_every_marked_string(source_copy):
    extracted = extract(source_copy)

    assert len(extracted) > 300
    assert untranslated(extracted, read_catalogue(PO)) == []


def test_catalogue_holds_no_string_the_code_no_longer_marks(source_copy):
    extracted = extract(source_copy)

    stale = sorted(key[1] for key in read_catalogue(PO) if key not in extracted)

    assert stale == []


def test_catalogue_check_catches_a_new_untranslated_string(source_copy):
    (source_copy / "templates" / "new.html").write_text(
        '{% load i18n %}<p>{% translate "A sentence no one has translated" %}</p>'
    )

    missing = untranslated(extract(source_copy), read_catalogue(PO))

    assert missing == ["A sentence no one has translated"]


def test_catalogue_compiles_with_every_placeholder_kept():
    result = subprocess.run(
        ["msgfmt", "--check", "--output-file", os.devnull, str(PO)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert (result.returncode, result.stderr) == (0, "")


def test_catalogue_gives_every_plural_three_russian_forms():
    forms = {
        len(translations)
        for (_context, _msgid, plural), (translations, _fuzzy) in read_catalogue(
            PO
        ).items()
        if plural
    }

    assert forms == {3}


def test_russian_plural_follows_the_number():
    with translation.override("ru"):
        counts = [
            translation.ngettext("%(counter)s event", "%(counter)s events", n)
            % {"counter": n}
            for n in (1, 3, 5, 11, 21, 22, 111)
        ]

    assert counts == [
        "1 мероприятие",
        "3 мероприятия",
        "5 мероприятий",
        "11 мероприятий",
        "21 мероприятие",
        "22 мероприятия",
        "111 мероприятий",
    ]


# Every public page in both languages


@pytest.mark.parametrize(("path", "english", "russian"), PAGES)
def test_public_page_renders_in_english(client, archive_2015, path, english, russian):
    response = client.get(path)

    page = soup_of(response)
    assert response.status_code == 200
    assert page.html["lang"] == "en"
    assert heading(page) == english
    assert nav_links(page) == ENGLISH_NAV


@pytest.mark.parametrize(("path", "english", "russian"), PAGES)
def test_public_page_renders_in_russian(client, archive_2015, path, english, russian):
    response = client.get("/ru" + path)

    page = soup_of(response)
    assert response.status_code == 200
    assert page.html["lang"] == "ru"
    assert heading(page) == russian
    assert nav_links(page) == RUSSIAN_NAV
    assert page.select_one(".skip-link").get_text() == "Перейти к содержанию"
    text = page.get_text(" ")
    assert [phrase for phrase in ENGLISH_INTERFACE if phrase in text] == []


def test_not_found_page_renders_in_russian(client, db):
    response = client.get("/ru/no-such-page/")

    page = soup_of(response)
    assert response.status_code == 404
    assert page.html["lang"] == "ru"
    assert heading(page) == "Страница не найдена"


def test_russian_lists_count_in_russian_plurals(client, archive_2015):
    events = soup_of(client.get("/ru/events/"))
    people = soup_of(client.get("/ru/people/"))
    home = soup_of(client.get("/ru/"))

    assert events.select_one(".result-count").get_text() == "Найдено 3 мероприятия."
    assert people.select_one(".result-count").get_text() == "Найдено 3 человека."
    assert [link.get_text() for link in home.select(".counts a")] == [
        "3 мероприятия",
        "3 человека",
        "11 стран",
        "8 организаций",
        "13 тем",
    ]


def test_russian_filters_orders_and_errors_in_russian(client, archive_2015):
    page = soup_of(client.get("/ru/events/"))
    school = soup_of(client.get("/ru/events/?kind=school"))
    wrong = soup_of(client.get("/ru/events/?country=atlantis"))

    assert page.select_one(".filters .actions button").get_text() == "Применить фильтры"
    assert [legend.get_text() for legend in page.select(".facet legend")][:2] == [
        "Год",
        "Тип",
    ]
    assert school.select_one(".facet-count").get_text() == "1 мероприятие"
    assert [item.get_text() for item in page.select(".sort-links li")] == [
        "Сначала новые",
        "Сначала старые",
        "По названию, от А до Я",
        "По названию, от Я до А",
    ]
    assert [item.get_text() for item in wrong.select(".notice-error li")] == [
        "Нет такой страны: atlantis."
    ]


def test_an_unprefixed_page_stays_english_whatever_the_browser_prefers(
    client, archive_2015
):
    page = soup_of(client.get(ACADEMY, HTTP_ACCEPT_LANGUAGE="ru"))

    assert page.html["lang"] == "en"
    assert heading(page) == "4th CSTO Academy"


# Dates


def test_event_dates_in_russian(client, archive_2015):
    academy = soup_of(client.get("/ru" + ACADEMY))
    school = soup_of(client.get("/ru/events/csto-youth-school-serbia-2015/"))

    assert academy.select_one(".facts time").get_text() == "25 июня 2015 г."
    assert academy.select_one(".source time").get_text() == "25 июня 2015 г."
    assert school.select_one(".facts time").get_text() == "Октябрь 2015 г."


def test_event_dates_in_english(client, archive_2015):
    academy = soup_of(client.get(ACADEMY))
    school = soup_of(client.get("/events/csto-youth-school-serbia-2015/"))

    assert academy.select_one(".facts time").get_text() == "25 June 2015"
    assert school.select_one(".facts time").get_text() == "October 2015"


def test_series_start_in_russian(client, archive_2015):
    page = soup_of(client.get("/ru/series/csto-academy/"))

    assert page.select_one("main .meta").get_text() == "Начало: ноябрь 2012 г."


# Records: Russian where given, English where not


def test_russian_page_falls_back_to_english_summary(client, archive_2015):
    page = soup_of(client.get("/ru" + ACADEMY))

    assert page.select_one(".lead").get_text().startswith(ACADEMY_SUMMARY)


def test_record_without_any_russian_shows_its_english(client, db):
    event = make_event(title="Only in English", summary="A summary in English.")

    page = soup_of(client.get(f"/ru/events/{event.slug}/"))

    assert heading(page) == "Only in English"
    assert page.select_one(".lead").get_text() == "A summary in English."


def test_russian_text_replaces_english_where_given(client, db):
    event = make_event(
        title_en="Meeting", title_ru="Встреча", summary_en="E", summary_ru="Р"
    )

    page = soup_of(client.get(f"/ru/events/{event.slug}/"))

    assert heading(page) == "Встреча"
    assert page.select_one(".lead").get_text() == "Р"


def test_russian_links_keep_the_english_slugs(client, archive_2015):
    page = soup_of(client.get("/ru/events/"))

    # Each with the list it is in (?results=): here the whole archive.
    assert [link["href"] for link in page.select(".card-title a")] == [
        "/ru/events/csto-youth-school-serbia-2015/?results=",
        "/ru/events/4th-csto-academy-2015/?results=",
        "/ru/events/csto-academy-programme-launch/?results=",
    ]


# The language switcher


def test_switcher_on_english_event_leads_to_the_russian_event(client, archive_2015):
    page = soup_of(client.get(ACADEMY))

    assert switcher_links(page) == {"ru": "/ru" + ACADEMY}
    assert page.select_one(".language-switcher [aria-current]").get_text() == (
        "English"
    )


def test_switcher_on_russian_event_leads_to_the_english_event(client, archive_2015):
    page = soup_of(client.get("/ru" + ACADEMY))

    assert switcher_links(page) == {"en": ACADEMY}
    assert page.select_one(".language-switcher [aria-current]").get_text() == (
        "Русский"
    )


def test_switcher_keeps_the_query_string(client, archive_2015):
    english = soup_of(client.get("/events/?country=serbia&kind=school&page=1"))
    russian = soup_of(client.get("/ru/search/?q=%D0%9E%D0%94%D0%9A%D0%91"))

    assert switcher_links(english) == {
        "ru": "/ru/events/?country=serbia&kind=school&page=1"
    }
    assert switcher_links(russian) == {"en": "/search/?q=%D0%9E%D0%94%D0%9A%D0%91"}


def test_switcher_on_an_unknown_address_leads_home(client, db):
    page = soup_of(client.get("/ru/no-such-page/"))

    assert switcher_links(page) == {"en": "/"}
    assert alternates(page) == {}


# hreflang


@pytest.mark.parametrize("prefix", ["", "/ru"])
@pytest.mark.parametrize(("path", "english", "russian"), PAGES)
def test_page_links_its_versions_in_both_languages(
    client, archive_2015, prefix, path, english, russian
):
    page = soup_of(client.get(prefix + path))

    assert alternates(page) == {
        "en": "http://testserver" + path,
        "ru": "http://testserver/ru" + path,
        "x-default": "http://testserver" + path,
    }


# The admin follows the staff member's language


def test_admin_follows_accept_language(admin_client):
    page = soup_of(admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru"))

    assert page.html["lang"] == "ru"
    assert page.select_one("#site-name").get_text(strip=True) == (
        "Администрирование Архива Академии"
    )
    captions = {caption.get_text(strip=True) for caption in page.select("caption")}
    assert {"Мероприятия", "Люди и организации"} <= captions
    assert {"Мероприятия", "Программы", "Люди", "Страны", "Организации"} <= {
        link.get_text() for link in page.select("th a")
    }


def test_admin_follows_the_language_cookie(admin_client):
    admin_client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ru"

    page = soup_of(admin_client.get("/admin/events/event/add/"))

    assert page.html["lang"] == "ru"
    assert page.select_one("label[for=id_title_ru]").get_text() == "Название [ru]:"
    assert page.select_one("#id_status_helptext").get_text(strip=True) == (
        "Черновики никогда не показываются на публичном сайте."
    )


def test_admin_stays_english_for_english_staff(admin_client):
    page = soup_of(admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en"))

    assert page.html["lang"] == "en"
    assert page.select_one("#site-name").get_text(strip=True) == (
        "Academy Archive administration"
    )
