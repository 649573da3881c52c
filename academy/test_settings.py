"""Settings for the test suite: production settings made fast, nothing more."""

import os

# Tests run the production configuration whatever the shell exports: `make`
# exports DJANGO_DEBUG=1 for development, which would otherwise add debug-only
# URLs (media serving) to the URLconf under test.
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "test-only-secret-key-not-used-anywhere-else"
)
# The test client and the live server speak plain HTTP, so a redirect to HTTPS
# would answer every request; tests/hardening turns it on where it is the subject.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
# The test client's host, so pages link to where the tests read them.
os.environ.setdefault("DJANGO_SITE_URL", "http://testserver")
# Warnings and errors only: an access line per test request is noise.
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

from .settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    # The manifest needs collectstatic; tests serve static files from the finders.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# No collectstatic before tests: WhiteNoise serves from the app finders instead.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
