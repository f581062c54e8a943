"""Is the wiki there? One look at its API before pywikibot starts, so a wiki that is
down, a closed port or a server that is not MediaWiki is one line and exit 1 within
seconds -- not twenty minutes of pywikibot's retries and a traceback.

The probe asks ``action=query&meta=siteinfo`` with a 10 s timeout, a bounded
number of times (``site.connect_retries`` more after the first, 2 s apart),
and names what answered: nothing (refused, no answer in time), an HTTP
error, or a page that is not a MediaWiki API.
"""
from __future__ import annotations

import time

import requests

from .errors import WikiError

TIMEOUT = 10.0
PAUSE = 2.0
USER_AGENT = "ldwg-bot/0.1 (https://meta.wikimedia.org/wiki/Leadership_Development_Working_Group)"


def _what_answered(url: str) -> str | None:
    """None when a MediaWiki API answered; else what did, in a few words."""
    try:
        resp = requests.get(url, params={"action": "query", "meta": "siteinfo", "format": "json"},
                            timeout=TIMEOUT, headers={"User-Agent": USER_AGENT}, allow_redirects=True)
    except requests.exceptions.ConnectTimeout:
        return f"no connection within {TIMEOUT:.0f} s"
    except requests.exceptions.ReadTimeout:
        return f"connected, but no answer within {TIMEOUT:.0f} s"
    except requests.exceptions.SSLError:
        return "the TLS handshake failed (certificate or protocol)"
    except requests.exceptions.ConnectionError as exc:
        text = str(exc)
        if "refused" in text.lower():
            return "nothing answered (connection refused)"
        if "name or service not known" in text.lower() or "nodename nor servname" in text.lower():
            return "the host name does not resolve"
        return "the connection failed"
    except requests.exceptions.RequestException as exc:
        return f"the request failed ({type(exc).__name__})"
    kind = resp.headers.get("Content-Type", "?").split(";")[0].strip() or "?"
    try:
        data = resp.json()
    except ValueError:
        data = None
    if isinstance(data, dict) and ("query" in data or "error" in data):
        if resp.status_code >= 500 and "query" not in data:
            return f"HTTP {resp.status_code} from MediaWiki ({data['error'].get('code', '?')})"
        return None
    if resp.status_code != 200:
        return f"HTTP {resp.status_code} {resp.reason}".rstrip() + f" ({kind})"
    return f"HTTP 200 with a {kind} page, not a MediaWiki API"


def probe(url: str, retries: int = 2, pause: float = PAUSE) -> None:
    """Raise :class:`WikiError` (one line) unless the MediaWiki API at ``url`` answers."""
    tries = max(0, retries) + 1
    for attempt in range(tries):
        what = _what_answered(url)
        if what is None:
            return
        if attempt + 1 < tries:
            time.sleep(pause)
    raise WikiError(f"{url}: the wiki cannot be reached: {what} (asked {tries} time(s), "
                    f"{TIMEOUT:.0f} s timeout each); nothing done, check site.api or try again later")
