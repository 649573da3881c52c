"""The client's address, as django-axes counts failed logins by it."""

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or behind the TLS proxy the address it appended last.

    Earlier X-Forwarded-For entries come from the client and can be forged; the
    last one is written by our own proxy, which is the only way in.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.BEHIND_TLS_PROXY and forwarded.strip():
        return forwarded.rsplit(",", 1)[-1].strip()
    return request.META.get("REMOTE_ADDR")
