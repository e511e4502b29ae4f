"""The client's address, the one answer for the sign-in lockout (django-axes),
the rate limits of the public pages and the audit trail."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The address of whoever sent `request`, or None when it cannot be told.

    Without a proxy (PROXY_COUNT=0) it is the connection's own REMOTE_ADDR and
    X-Forwarded-For is ignored: anyone can send that header. Behind
    PROXY_COUNT trusted proxies, each appends the address it saw (nginx's
    $proxy_add_x_forwarded_for), so the client is the PROXY_COUNT-th entry
    from the right; entries further left come from the client and may be
    forged. REMOTE_ADDR is then the proxy, or empty when gunicorn listens on
    a Unix socket, and is used only when the header is shorter than the
    proxies promise (a request that did not come through them)."""
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.PROXY_COUNT
    if count <= 0:
        return _valid_ip(remote)
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [h for h in hops if h]
    if len(hops) < count:
        return _valid_ip(remote)
    return _valid_ip(hops[-count]) or _valid_ip(remote)


def _valid_ip(value):
    """`value` as a plain IP address (port and IPv6 brackets dropped), else None."""
    if not value:
        return None
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [IPv6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
