"""Hypothesis throws bad input at every public page and API address: never a 5xx.

The client is made inside each test, so its state never leaks between examples;
the records from `one_of_each` are only read, so one transaction serves them all.
"""

from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import API_URLS, PUBLIC_URLS

FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
ADDRESSES = tuple(url.split("?")[0] for url in PUBLIC_URLS + API_URLS) + (
    "/healthz",
    "/i18n/setlang/",
    "/admin/login/",
)
# The filters, pagination and search parameters the pages and the API read.
KNOWN_KEYS = (
    "q",
    "page",
    "page_size",
    "sort",
    "country",
    "topic",
    "organization",
    "person",
    "kind",
    "year",
    "format",
    "language",
    "next",
)
nasty_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.sampled_from(
        (
            "\x00",
            "a\x00b",
            "-1",
            "0",
            "99999999999999999999999999",
            "1e309",
            "NaN",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "%",
            "%zz",
            "\ud800",
            "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
            "Ж" * 300,
            "x" * 5000,
        )
    ),
)
query_strings = st.lists(
    st.tuples(st.one_of(st.sampled_from(KNOWN_KEYS), nasty_text), nasty_text),
    max_size=12,
).map(lambda pairs: urlencode(pairs, encoding="utf-8", errors="surrogatepass"))


def url_text(text):
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def assert_not_server_error(response, url):
    assert response.status_code < 500, (url, response.status_code)


@FUZZ
@given(address=st.sampled_from(ADDRESSES), query=query_strings)
def test_query_strings_never_cause_a_server_error(one_of_each, address, query):
    url = f"{address}?{query}"

    response = Client().get(url)

    assert_not_server_error(response, url)


@FUZZ
@given(
    address=st.sampled_from(ADDRESSES),
    key=st.sampled_from(KNOWN_KEYS),
    values=st.lists(nasty_text, min_size=2, max_size=30),
)
def test_repeated_parameters_never_cause_a_server_error(
    one_of_each, address, key, values
):
    url = f"{address}?{urlencode([(key, v) for v in values], errors='surrogatepass')}"

    response = Client().get(url)

    assert_not_server_error(response, url)


@FUZZ
@given(
    prefix=st.sampled_from(
        (
            "/",
            "/ru/",
            "/events/",
            "/series/",
            "/topics/",
            "/people/",
            "/countries/",
            "/organizations/",
            "/api/",
            "/api/events/",
            "/api/people/",
            "/static/",
            "/media/",
        )
    ),
    segments=st.lists(nasty_text, min_size=1, max_size=4),
    slash=st.booleans(),
)
def test_random_paths_never_cause_a_server_error(one_of_each, prefix, segments, slash):
    url = prefix + "/".join(url_text(s) for s in segments) + ("/" if slash else "")

    response = Client().get(url)
    response.getvalue()  # Reads and closes what WhiteNoise streams from a file.

    assert_not_server_error(response, url)


@pytest.mark.parametrize(
    "method", ("POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "HEAD")
)
def test_every_method_on_every_address_never_causes_a_server_error(
    client, one_of_each, method
):
    # Few enough to try them all: random sampling once missed OPTIONS /api/docs/.
    statuses = {
        address: client.generic(method, address).status_code for address in ADDRESSES
    }

    assert {a: s for a, s in statuses.items() if s >= 500} == {}


@FUZZ
@given(
    address=st.sampled_from(ADDRESSES),
    method=st.sampled_from(("POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")),
    body=st.binary(max_size=200),
    content_type=st.sampled_from(
        (
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=xyz",
            "multipart/form-data",
            "application/json",
            "text/plain",
        )
    ),
)
def test_other_methods_and_bodies_never_cause_a_server_error(
    one_of_each, address, method, body, content_type
):
    response = Client().generic(method, address, body, content_type=content_type)

    assert_not_server_error(response, f"{method} {address}")


@FUZZ
@given(
    address=st.sampled_from(ADDRESSES),
    language=st.one_of(
        st.sampled_from(("ru", "en", "de", "*", "ru;q=x", "en;q=0.5, ru;q=0.9")),
        st.text(alphabet=st.characters(codec="latin-1"), max_size=60),
    ),
    cookie_language=st.text(alphabet=st.characters(codec="latin-1"), max_size=20),
)
def test_odd_headers_never_cause_a_server_error(
    one_of_each, address, language, cookie_language
):
    client = Client(headers={"accept-language": language})
    client.cookies["django_language"] = cookie_language

    response = client.get(address)

    assert_not_server_error(response, address)


@pytest.mark.parametrize("method", ("TRACE", "PUT", "DELETE"))
@pytest.mark.parametrize(
    "address",
    (
        "/events/feed/",
        "/topics/harden-topic/feed/",
        "/sitemap.xml",
        "/sitemap-events.xml",
    ),
)
def test_feeds_and_sitemaps_answer_only_get_and_head(
    client, one_of_each, method, address
):
    assert client.generic(method, address).status_code == 405
    assert client.head(address).status_code == 200
