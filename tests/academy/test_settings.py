"""The settings module, imported in a fresh interpreter with a chosen environment."""

from tests.helpers import run_python


def import_settings(**env):
    return run_python("-c", "import academy.settings as s; print(s.DEBUG)", **env)


def test_debug_off_without_secret_key_refuses_to_start():
    result = import_settings(DJANGO_DEBUG="0")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_unset_means_off_and_needs_a_key():
    result = import_settings()

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_off_with_secret_key_and_site_url_starts():
    result = import_settings(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_SITE_URL="https://archive.example.org",
    )

    assert (result.returncode, result.stdout.strip()) == (0, "False")


def test_debug_off_without_site_url_refuses_to_start():
    result = import_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50)

    assert result.returncode != 0
    assert "DJANGO_SITE_URL is not set" in result.stderr


def test_site_url_without_a_scheme_refuses_to_start():
    result = import_settings(DJANGO_DEBUG="1", DJANGO_SITE_URL="archive.example.org")

    assert result.returncode != 0
    assert "DJANGO_SITE_URL must start with http:// or https://" in result.stderr


def test_debug_on_starts_without_key_for_development():
    result = import_settings(DJANGO_DEBUG="1")

    assert (result.returncode, result.stdout.strip()) == (0, "True")
