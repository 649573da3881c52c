"""The page security headers that static files need too.

WhiteNoise sits right below SecurityMiddleware, as its documentation asks, so
a stylesheet costs none of the page middleware (it made static files 30 %
slower). SecurityMiddleware still adds HSTS, nosniff, the referrer and opener
policies; WhiteNoise adds these when it first reads each file and keeps them.
"""


def add_security_headers(headers, path, url):
    # Imported here: settings.py names this function, before apps load.
    from csp.utils import build_policy
    from django.conf import settings
    from django_permissions_policy import PermissionsPolicyMiddleware

    headers["Content-Security-Policy"] = build_policy()
    headers["Permissions-Policy"] = PermissionsPolicyMiddleware.compute_header_value(
        settings.PERMISSIONS_POLICY, name="PERMISSIONS_POLICY"
    )
    headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
