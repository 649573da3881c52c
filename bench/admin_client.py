"""The staff member's browser in the load tests: saves through the admin's
real forms over plain HTTP, as behind the TLS proxy.

Written on http.client rather than a library:
- requests is here only as schemathesis's and sickle's dependency, not one of
  ours, and it keeps cookies in http.cookiejar, whose policy sends no Secure
  cookie over plain HTTP (checked: a Secure cookie goes with a request to
  https://127.0.0.1, not to http://127.0.0.1). Production's session and CSRF
  cookies are Secure and the server here is reached on http://127.0.0.1 with
  the proxy's X-Forwarded-Proto header, so the cookies are kept by hand (a
  dict, read with http.cookies), which requests with a cookie policy of our
  own would not make shorter.
- locust, weighed for the writers (its users run Python tasks, so a login and
  saves would fit), is no better here. Its HttpUser is requests, with the
  same cookie policy; its FastHttpUser does send Secure cookies over plain
  HTTP (locust marks every request https), which would spare the cookie dict
  of a few lines, but it reads no forms (fields_posted would stay), soak.py's
  check of every confirmed save needs its own record in any case, and it
  cannot replace wrk for the visitors' load (figures in wrk_load.py): a
  second load generator and a new dependency for four threads that save as
  fast as the admin answers.

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
