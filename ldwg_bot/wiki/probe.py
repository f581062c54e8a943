"""A wiki that cannot be reached at start-up: one line and exit 1 within seconds.

pywikibot's first request (building the site, before any job work) is the
probe: :func:`startup_limits` gives it a 10 s timeout and a bounded number
of retries (``site.connect_retries``, 2 s apart) instead of pywikibot's
usual twenty minutes, and :func:`startup_failure` then names what answered
with one more look at the API: nothing (refused, no answer in time), an HTTP
error, or a page that is not a MediaWiki API. A wiki that answers costs no
extra request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import requests

from .. import __version__
from ..errors import WikiError

TIMEOUT = 10.0
PAUSE = 2.0
USER_AGENT = f"ldwg-bot/{__version__} (https://meta.wikimedia.org/wiki/Leadership_Development_Working_Group)"


def same_api(a: str, b: str) -> bool:
    """Whether two api.php URLs name one API: scheme and host in any case, the default port
    written or not, the same path."""

    def key(url: str) -> tuple:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        return (
            scheme,
            (parts.hostname or "").lower(),
            parts.port or {"http": 80, "https": 443}.get(scheme),
            parts.path.rstrip("/"),
        )

    return key(a) == key(b)


def check_site_api(cfg, known: str) -> None:
    """``site.api`` is the wiki the run talks to: pywikibot keeps a family it already knows
    (``known``, its api.php URL: from user-config.py, a family file, or its own, such as
    ``meta``) over the URL it is handed, so a disagreement stops the run before its first
    request."""
    if known and not same_api(known, cfg.site.api):
        raise WikiError(
            f"{cfg.source}: site.api is {cfg.site.api}, but pywikibot's family "
            f"'{cfg.site.family}' is {known} (registered in user-config.py or a family "
            "file); make them agree, or give this wiki a family name of its own"
        )


def what_answered(url: str) -> str | None:
    """None when a MediaWiki API answers at ``url``; else what did, in a few words."""
    try:
        resp = requests.get(
            url,
            params={"action": "query", "meta": "siteinfo", "format": "json"},
            timeout=TIMEOUT,
            headers={"User-Agent": USER_AGENT},
            allow_redirects=True,
        )
    except requests.exceptions.ConnectTimeout:
        return f"no connection within {TIMEOUT:.0f} s"
    except requests.exceptions.ReadTimeout:
        return f"connected, but no answer within {TIMEOUT:.0f} s"
    except requests.exceptions.SSLError:
        return "the TLS handshake failed (certificate or protocol)"
    except requests.exceptions.ConnectionError as exc:
        text = str(exc).lower()
        if "refused" in text:
            return "nothing answered (connection refused)"
        if "name or service not known" in text or "nodename nor servname" in text:
            return "the host name does not resolve"
        return "the connection failed"
    except requests.exceptions.RequestException as exc:
        return f"the request failed ({type(exc).__name__})"
    kind = resp.headers.get("Content-Type", "?").split(";")[0].strip() or "?"
    try:
        data = resp.json()
    except ValueError:
        data = None
    if isinstance(data, dict) and "query" in data:
        return None
    if isinstance(data, dict) and "error" in data:
        return f"HTTP {resp.status_code}, MediaWiki error {data['error'].get('code', '?')}"
    if resp.status_code != 200:
        return f"HTTP {resp.status_code} {resp.reason}".rstrip() + f" ({kind})"
    return f"HTTP 200 with a {kind} page, not a MediaWiki API"


@contextmanager
def startup_limits(pwb_config, retries: int) -> Iterator[None]:
    """pywikibot's retry and timeout settings bounded while the site is built, then restored."""
    keys = ("max_retries", "retry_wait", "retry_max", "socket_timeout")
    saved = {k: getattr(pwb_config, k) for k in keys}
    pwb_config.max_retries = max(0, retries)
    pwb_config.retry_wait = pwb_config.retry_max = PAUSE
    pwb_config.socket_timeout = (TIMEOUT, TIMEOUT)
    try:
        yield
    finally:
        for k, v in saved.items():
            setattr(pwb_config, k, v)


def startup_failure(url: str, retries: int, exc: BaseException) -> WikiError:
    """The one line for a site that could not be built: what answers at ``url`` now."""
    what = what_answered(url) if url else None
    tries = max(0, retries) + 1
    if what is not None:
        return WikiError(
            f"{url}: the wiki cannot be reached: {what} (asked {tries} time(s), "
            f"{TIMEOUT:.0f} s timeout each); nothing done, check site.api or try again later"
        )
    detail = " ".join(str(exc).split()) or type(exc).__name__
    return WikiError(
        f"{url or 'the wiki'}: pywikibot could not start on it: {type(exc).__name__}: "
        f"{detail}; nothing done, try again later"
    )
