"""How often one address may do something, counted in the cache.

An address is only ever kept as a keyed hash (`address_hash`): enough to
count what comes from it and to tell that several things came from one
place, not to learn the address back without the site's secret key.
"""

import math
import time

from django.core.cache import cache
from django.utils.crypto import salted_hmac

from .security import client_ip


def address_hash(request):
    """The sender's address (academy.security.client_ip) as 64 hex digits."""
    address = client_ip(request) or ""
    return salted_hmac("academy.rate_limits", address, algorithm="sha256").hexdigest()


def wait_for_attempt(action, sender, *, limit, period):
    """Count one attempt at `action` from `sender` (an address_hash) in the
    current window of `period` seconds; 0 if it is within `limit`, else how
    many seconds remain until the window ends and it may try again.

    Fixed windows counted with the cache's atomic add and incr, so parallel
    requests from one address are each counted once."""
    now = time.time()
    window = int(now // period)
    key = f"rate:{action}:{sender}:{window}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # gone between add and incr: the window just ended
        cache.set(key, 1, timeout=period)
        count = 1
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * period - now))
