"""Production settings, checked in a fresh interpreter with a production environment."""

import json

from tests.helpers import run_python

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "academy.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "production-length-secret-4c9f2e7b1d8a6053e9f1b2c7d4a8e6f0",
    "DJANGO_ALLOWED_HOSTS": "archive.example.org",
    "DJANGO_SITE_URL": "https://archive.example.org",
}


def run(args, **env):
    return run_python(*args, **{**PRODUCTION, **env})


def settings_values(*names, **env):
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = run(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_in_production_reports_no_warning():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])

    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "System check identified no issues (0 silenced).\n",
        "",
    )


def test_check_deploy_without_hsts_warns():
    result = run(["manage.py", "check", "--deploy"], DJANGO_SECURE_HSTS_SECONDS="0")

    assert "security.W004" in result.stderr


def test_production_defaults_are_secure():
    values = settings_values(
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_AGE",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "ADMIN_URL",
    )

    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": None,
        "SESSION_COOKIE_AGE": 8 * 3600,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "ADMIN_URL": "admin/",
    }


def test_environment_overrides_production_defaults():
    values = settings_values(
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_AGE",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_HSTS_SECONDS="600",
        DJANGO_SECURE_HSTS_PRELOAD="0",
        DJANGO_SECURE_PROXY_SSL_HEADER="1",
        DJANGO_SESSION_COOKIE_AGE="3600",
        DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE="0",
    )

    assert values == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 600,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SESSION_COOKIE_AGE": 3600,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": False,
    }


def test_admin_url_comes_from_environment():
    code = (
        "import django; django.setup(); from django.urls import reverse; "
        "print(reverse('admin:index'))"
    )

    result = run(["-c", code], DJANGO_ADMIN_URL="/staff-desk/")

    assert (result.returncode, result.stdout) == (0, "/staff-desk/\n")
