"""The security headers an HTTP Observatory scan looks for, on every kind of answer."""

import pytest

from tests.helpers import API_URLS, PUBLIC_URLS

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": (
        "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), "
        "display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), "
        "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
        "publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), "
        "xr-spatial-tracking=()"
    ),
}
OTHER_URLS = (
    "/healthz",
    "/static/css/site.css",
    "/no-such-page/",
    "/events/no-such-event/",
    "/api/events/no-such-event/",
    "/admin/login/",
)


def csp_directives(response):
    policy = response.headers["Content-Security-Policy"]
    return dict(directive.strip().split(" ", 1) for directive in policy.split(";"))


@pytest.mark.parametrize(
    "url", [u for u in PUBLIC_URLS + API_URLS + OTHER_URLS if u != "/api/docs/"]
)
def test_response_carries_every_security_header(client, one_of_each, url):
    response = client.get(url)
    response.getvalue()  # Reads and closes what WhiteNoise streams from a file.

    assert response.status_code in {200, 404}
    assert {name: response.headers.get(name) for name in HEADERS} == HEADERS
    assert csp_directives(response) == CSP


def test_api_docs_allow_only_swagger_ui_style_block_besides(client, db):
    response = client.get("/api/docs/")

    assert {name: response.headers.get(name) for name in HEADERS} == HEADERS
    assert csp_directives(response) == {
        **CSP,
        "style-src": "'self' 'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='",
    }


@pytest.mark.parametrize(
    "url", ("/admin/", "/admin/events/event/", "/admin/people/person/")
)
def test_admin_pages_carry_the_same_policy(admin_client, one_of_each, url):
    response = admin_client.get(url)

    assert response.status_code == 200
    assert {name: response.headers.get(name) for name in HEADERS} == HEADERS
    assert csp_directives(response) == CSP


def test_event_change_page_carries_the_same_policy(admin_client, one_of_each):
    response = admin_client.get(f"/admin/events/event/{one_of_each.pk}/change/")

    assert response.status_code == 200
    assert csp_directives(response) == CSP


def test_https_response_has_hsts_for_a_year_with_subdomains_and_preload(client, db):
    response = client.get("/", secure=True)

    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


def test_plain_http_request_is_redirected_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/events/?page=2")

    assert (response.status_code, response["Location"]) == (
        301,
        "https://testserver/events/?page=2",
    )


def test_health_check_over_plain_http_is_not_redirected(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/healthz")

    assert response.status_code == 200


def test_request_through_tls_proxy_counts_as_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    response = client.get("/events/", headers={"x-forwarded-proto": "https"})

    assert response.status_code == 200
    assert "Strict-Transport-Security" in response.headers


def test_forged_proxy_header_is_ignored_without_a_proxy(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/events/", headers={"x-forwarded-proto": "https"})

    assert response.status_code == 301
