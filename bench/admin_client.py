"""The staff member's browser in the load tests: saves through the admin's
real forms over plain HTTP, as behind the TLS proxy.

Written on http.client rather than a library, for two reasons:
- requests is here only as schemathesis's and sickle's dependency, not one of
  ours, and it keeps cookies in http.cookiejar, whose policy sends no Secure
  cookie over plain HTTP; production's session and CSRF cookies are Secure and
  the server here is reached on http://127.0.0.1 with the proxy's
  X-Forwarded-Proto header. So the cookies are kept by hand (a dict, read with
  http.cookies), which a cookie policy of our own around requests would not
  make shorter.
- locust, which would bring both the users and their load, is no substitute for
  wrk in measuring throughput (figures below), and a second load generator for
  the writers alone would add a dependency for some 40 lines.

Measured (2026-05-07, this 2-core machine shared with the server and other jobs;
gunicorn with 2 workers serving a 47 kB static file through WhiteNoise, 8
connections, 20 s each): MEASUREMENTS_HERE

The form itself is read by html_forms.fields_posted, as the test suite does.

`superuser()` is the account's Django side, run in the scripts' subprocesses.
"""

import http.client
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bs4 import BeautifulSoup
from config import PROXY_HEADER
from html_forms import fields_posted

ADMIN_TIMEOUT = 60


def superuser(username, password):
    """Make `username` a superuser with `password`, creating the account if
    need be (Django side)."""
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username=username)
    user.is_staff = user.is_superuser = user.is_active = True
    user.set_password(password)
    user.save()


def add_marker(marker, summary):
    return f"{summary} {marker}".strip()


class AdminClient:
    """Cookies, CSRF and https as behind the TLS proxy: enough of a browser."""

    def __init__(self, port):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies = {}

    def request(self, method, path, fields=None):
        headers = dict([PROXY_HEADER], Referer=self.origin + path)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=ADMIN_TIMEOUT
        )
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            page = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, page

    def submit(self, path, form_id, changes):
        """Open the form, change some fields, save: None if the admin agrees.

        Otherwise what went wrong. A change is a value, or a function of the
        field's current value.
        """
        status, page = self.request("GET", path)
        if status != 200:
            return f"GET {path} answered {status}"
        fields = fields_posted(page, f"form#{form_id}")
        missing = changes.keys() - fields.keys()
        if missing:
            return f"no field {sorted(missing)} in {path}"
        for name, change in changes.items():
            fields[name] = change(fields[name]) if callable(change) else change
        status, page = self.request("POST", path, fields)
        if status != 302:
            shown = BeautifulSoup(page, "html.parser").select(".errorlist")
            errors = [errorlist.get_text(" ", strip=True) for errorlist in shown]
            return f"POST {path} answered {status}: {errors[:3]}"
        return None
