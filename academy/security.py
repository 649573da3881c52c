"""Who is logging in, as the login throttling counts them.

django-axes locks a username out from an address after AXES_FAILURE_LIMIT
failed logins. AddressLockoutBackend adds a wider limit per address, so one
password tried across many usernames from one place is stopped too.
"""

import datetime

from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def client_ip(request):
    """REMOTE_ADDR, or the address our TLS proxy appended to X-Forwarded-For
    when the request came through it (from one of TRUSTED_PROXIES).

    Earlier X-Forwarded-For entries come from the client and can be forged;
    so can the whole header of a request that did not come through the proxy.
    """
    remote = request.META.get("REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    proxied = settings.BEHIND_TLS_PROXY and remote in settings.TRUSTED_PROXIES
    if proxied and forwarded.strip():
        return forwarded.rsplit(",", 1)[-1].strip()
    return remote


def address_failures(address):
    """Failed logins from `address`, any username, within the cool-off time."""
    since = timezone.now() - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    attempts = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
    return attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0


class AddressLockoutBackend:
    """Refuse every login from an address with AXES_ADDRESS_FAILURE_LIMIT failed
    logins, answered with django-axes' lockout page like its own lockouts.

    It has no get_user(), so it never holds a session: logins made by the
    other backends (or a test's force_login) are kept by ModelBackend.
    """

    def authenticate(self, request, **credentials):
        if request is None:
            return None
        if address_failures(client_ip(request)) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("Too many failed logins from here")
        return None
