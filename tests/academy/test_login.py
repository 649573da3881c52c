"""Staff login: throttled by django-axes, strong passwords, sessions that expire."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "curator", password=PASSWORD, is_staff=True, is_superuser=True
    )


def log_in(client, password, address="198.51.100.1", **headers):
    return client.post(
        LOGIN,
        {"username": "curator", "password": password},
        REMOTE_ADDR=address,
        headers=headers,
    )


def test_login_with_right_password_reaches_the_admin(client, staff):
    response = log_in(client, PASSWORD)

    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_login_after_four_failures_still_succeeds(client, staff):
    for _ in range(4):
        log_in(client, "wrong-password")

    response = log_in(client, PASSWORD)

    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_login_after_five_failures_is_locked_out_even_with_right_password(
    client, staff
):
    for _ in range(5):
        log_in(client, "wrong-password")

    response = log_in(client, PASSWORD)

    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_holds_only_that_username_from_that_address(client, staff):
    for _ in range(5):
        log_in(client, "wrong-password")

    response = log_in(client, PASSWORD, address="198.51.100.2")

    assert response.status_code == 302


def test_lockout_behind_tls_proxy_counts_the_address_it_appended(
    client, staff, settings
):
    settings.BEHIND_TLS_PROXY = True
    settings.TRUSTED_PROXIES = ["10.0.0.5"]

    log_in(
        client,
        "wrong-password",
        address="10.0.0.5",
        x_forwarded_for="192.0.2.9, 203.0.113.7",
    )

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [
        "203.0.113.7"
    ]


def test_forwarded_address_without_tls_proxy_is_ignored(client, staff):
    log_in(client, "wrong-password", address="10.0.0.5", x_forwarded_for="192.0.2.9")

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [
        "10.0.0.5"
    ]


def test_session_after_login_lasts_eight_hours_and_ends_with_the_browser(client, staff):
    log_in(client, PASSWORD)

    cookie = client.cookies["sessionid"]
    assert (cookie["expires"], cookie["max-age"], cookie["httponly"]) == (
        "",
        "",
        True,
    )
    assert client.session.get_expiry_age() == 8 * 3600


@pytest.mark.parametrize(
    "password",
    ("short-pw1", "123456789012345", "password1234", "curator-curator"),
)
def test_weak_password_is_refused(django_user_model, password, db):
    user = django_user_model(username="curator-curator")

    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_long_uncommon_password_is_accepted(django_user_model, db):
    user = django_user_model(username="curator")

    assert validate_password("amber-quarry-lantern-41", user) is None


def test_login_with_an_off_site_next_lands_on_the_admin(client, staff):
    response = client.post(
        "/admin/login/?next=https://evil.example/",
        {"username": "curator", "password": PASSWORD},
    )

    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_one_password_across_many_usernames_locks_the_address(client, staff):
    for number in range(20):
        client.post(
            LOGIN,
            {"username": f"guess-{number}", "password": "Summer2026!"},
            REMOTE_ADDR="198.51.100.1",
        )

    from_there = log_in(client, PASSWORD)
    from_elsewhere = log_in(Client(), PASSWORD, address="198.51.100.2")

    assert from_there.status_code == 429
    assert "_auth_user_id" not in client.session
    assert from_elsewhere.status_code == 302


def test_a_forged_forwarded_address_does_not_lift_a_lockout(client, staff, settings):
    settings.BEHIND_TLS_PROXY = True
    for number in range(5):
        log_in(
            client,
            "wrong-password",
            address="203.0.113.9",
            x_forwarded_for=f"192.0.2.{number}",
        )

    response = log_in(
        client, PASSWORD, address="203.0.113.9", x_forwarded_for="192.0.2.200"
    )

    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "203.0.113.9"
    }
