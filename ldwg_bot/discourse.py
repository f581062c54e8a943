"""Access to a Discourse forum (the Movement Strategy forum), over ``pydiscourse``.

The one place that talks HTTP to Discourse. pydiscourse does the requests;
an HTTP 429 is taken from it before its own retry loop sees it (see
:func:`_hand_429_to_us`) and waited out here, in :meth:`Forum._call`, by the
rule of :mod:`ldwg_bot.ratelimit` and within ``[group.forum]`` ``retries``,
``max_wait`` and ``max_total_wait``. When a wait would break a cap or the
retries run out, the forum is done for the run: one :class:`ForumError`
naming the key to raise, and no request after it. Other refusals become
one-line :class:`ForumError` messages too.

A whole topic is read in the fewest requests:
``GET /t/{id}.json`` (the stream of post ids and the first 20 posts), then
``GET /t/{id}/posts.json?post_ids[]=...`` for the rest, 20 ids a request, as
Discourse's own web client does (``TopicView::CHUNK_SIZE``).

Reading needs no account. The API key and user for posting come from the
environment (:data:`ENV_KEY`, :data:`ENV_USER`), go only into the
``Api-Key``/``Api-Username`` headers, and never into a message, a log line
or a ``repr``.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import NoReturn

import requests
from pydiscourse import DiscourseClient
from pydiscourse.exceptions import DiscourseClientError, DiscourseError

from . import __version__
from .config import FORUM_LIMITS as LIMITS
from .config import ForumConfig
from .errors import LdwgError
from .ratelimit import BudgetExceeded, WaitBudget, response_wait

log = logging.getLogger("ldwg_bot")

ENV_KEY = "LDWG_BOT_DISCOURSE_API_KEY"
ENV_USER = "LDWG_BOT_DISCOURSE_USER"
#: Post ids per ``posts.json`` request (``TopicView::CHUNK_SIZE``).
CHUNK = 20
USER_AGENT = f"ldwg-bot/{__version__} (https://meta.wikimedia.org/wiki/Leadership_Development_Working_Group)"


class ForumError(LdwgError):
    """The forum refused or failed a request; one line, never a secret."""


@dataclass(frozen=True)
class Credentials:
    """An API key and the user it acts as; ``repr`` never shows the key."""

    user: str
    key: str = field(repr=False)


def credentials_from_env(environ: dict | None = None) -> Credentials | None:
    """Both variables set: credentials; neither: None; only one: an error naming the other."""
    env = os.environ if environ is None else environ
    key, user = (env.get(ENV_KEY) or "").strip(), (env.get(ENV_USER) or "").strip()
    if key and user:
        return Credentials(user, key)
    if key or user:
        missing = ENV_USER if key else ENV_KEY
        raise ForumError(f"{missing} is not set: the forum needs both {ENV_KEY} and {ENV_USER}")
    return None


class _RateLimited(Exception):
    """A 429 answer, carried out of pydiscourse to :meth:`Forum._call`."""

    def __init__(self, response: requests.Response) -> None:
        super().__init__("HTTP 429")
        self.response = response


def _hand_429_to_us(response: requests.Response, *args, **kwargs) -> requests.Response:
    """``requests`` response hook: raise :class:`_RateLimited` on a 429.

    Why a hook: pydiscourse 1.7 (``DiscourseClient._request``) retries a 429
    by itself, 4 tries, sleeping ``extras.wait_seconds`` + 1 s or a flat 11 s
    for a plain-text 429, with no cap and without reading ``Retry-After``.
    The hook runs inside ``requests.request``, before pydiscourse looks at the
    status, so every 429 leaves its loop at once and our bounded rule runs
    instead; pydiscourse never sleeps.
    """
    if response.status_code == 429:
        raise _RateLimited(response)
    return response


class _Client(DiscourseClient):
    """pydiscourse's client with the two routes as Discourse's API docs write them:
    ``GET /t/{id}.json`` (no slug needed) and ``POST /posts.json`` (its
    ``create_post`` uses ``/posts`` and sends empty title/category fields)."""

    def topic_by_id(self, topic_id: int, **kwargs):
        return self._get(f"/t/{topic_id}.json", **kwargs)

    def reply(self, topic_id: int, raw: str, **kwargs):
        return self._post("/posts.json", topic_id=topic_id, raw=raw, **kwargs)


class Forum:
    """One Discourse site: read topics (anonymously unless credentials are given), post replies."""

    def __init__(self, url: str, credentials: Credentials | None = None, timeout: float = 30, *,
                 retries: int = 3, budget: WaitBudget | None = None) -> None:
        self.url = url.rstrip("/")
        self.credentials = credentials
        self.retries = retries                  # tries after the first 429 of one call
        self.budget = budget if budget is not None else WaitBudget()
        self.stopped = ""                       # why no more requests go out in this run
        self._client = _Client(self.url, credentials.user if credentials else None,
                               credentials.key if credentials else None, timeout=timeout)
        headers = {"Accept": "application/json; charset=utf-8", "User-Agent": USER_AGENT}
        if credentials:
            headers.update({"Api-Key": credentials.key, "Api-Username": credentials.user})
        self._request_kwargs = {"headers": headers, "hooks": {"response": [_hand_429_to_us]}}
        self.calls = 0      # API calls made (a call waited out after a 429 counts once)

    def __repr__(self) -> str:
        return f"Forum({self.url!r}, user={self.credentials.user if self.credentials else None!r})"

    def _call(self, what: str, method, *args, **kwargs):
        """One API call; a 429 is waited out and the call sent again, within the limits."""
        if self.stopped:
            raise ForumError(f"{self.url}: {what}: not sent: {self.stopped}")
        self.calls += 1
        tries = 0
        while True:
            tries += 1
            try:
                return self._send(what, method, *args, **kwargs)
            except _RateLimited as exc:
                seconds = response_wait(exc.response)
                code = exc.response.headers.get("Discourse-Rate-Limit-Error-Code", "")
                if tries > self.retries:
                    self._stop(what, f"still rate-limited (HTTP 429) after {tries} "
                               f"{'try' if tries == 1 else 'tries'}; nothing more "
                               f"sent, run again in {seconds:g} s or later, or raise retries in "
                               f"[group.forum] (now {self.retries}, at most {LIMITS['retries']})")
                try:
                    self.budget.wait(seconds)
                except BudgetExceeded as over:
                    self._stop(what, f"rate-limited (HTTP 429): {over}; nothing more sent, raise "
                               f"{over.key} in [group.forum] (at most {LIMITS[over.key]}) or run "
                               "again later")
                log.info("%s: %s: rate-limited (HTTP 429%s), waited %g s (try %d of %d)", self.url,
                         what, f", {code}" if code else "", seconds, tries + 1, self.retries + 1)

    def _stop(self, what: str, why: str) -> NoReturn:
        """No more requests in this run; raise the one line that says why."""
        self.stopped = f"the forum rate-limited this run ({what})"
        raise ForumError(f"{self.url}: {what}: {why}")

    def _send(self, what: str, method, *args, **kwargs):
        """One request through pydiscourse; its exceptions as one-line :class:`ForumError`."""
        try:
            return method(*args, override_request_kwargs=self._request_kwargs, **kwargs)
        except DiscourseClientError as exc:
            raise ForumError(f"{self.url}: {what}: {explain(exc.response)}") from None
        except DiscourseError as exc:
            status = exc.response.status_code if exc.response is not None else "?"
            raise ForumError(f"{self.url}: {what}: unexpected answer (HTTP {status}): "
                             f"{_first_line(str(exc))}") from None
        except requests.RequestException as exc:
            raise ForumError(f"{self.url}: {what}: {type(exc).__name__}: the forum did not answer "
                             "(check forum.url and the network)") from None

    def topic(self, topic_id: int) -> dict:
        """The topic's JSON with ``post_stream.posts`` holding every post the reader may see.

        Costs ``ceil(posts / 20)`` requests. Ids the server no longer returns
        (deleted since the stream was read) are simply missing.
        """
        what = f"topic {topic_id}"
        data = self._call(what, self._client.topic_by_id, topic_id)
        stream = (data or {}).get("post_stream") or {}
        if "stream" not in stream:
            raise ForumError(f"{self.url}: {what}: no post stream in the answer (a topic of "
                             "10 000+ posts is not supported)")
        posts = list(stream.get("posts") or [])
        have = {p["id"] for p in posts}
        rest = [i for i in stream["stream"] if i not in have]
        for start in range(0, len(rest), CHUNK):
            more = self._call(what, self._client.posts, topic_id, rest[start:start + CHUNK])
            posts += ((more or {}).get("post_stream") or {}).get("posts") or []
        order = {pid: n for n, pid in enumerate(stream["stream"])}
        posts.sort(key=lambda p: (order.get(p["id"], len(order)), p.get("post_number", 0)))
        data["post_stream"]["posts"] = posts
        return data

    def reply(self, topic_id: int, raw: str) -> dict:
        """``POST /posts.json`` (topic_id, raw): the new post, or ``{"action": "enqueued", ...}``."""
        if not self.credentials:
            raise ForumError(f"{self.url}: posting needs {ENV_KEY} and {ENV_USER}")
        return self._call(f"reply to topic {topic_id}", self._client.reply, topic_id, raw)


def forum_for(fo: ForumConfig) -> Forum:
    """The forum of a ``[group.forum]`` table: its wait limits, credentials from the environment."""
    return Forum(fo.url, credentials_from_env(), retries=fo.retries,
                 budget=WaitBudget(fo.max_wait, fo.max_total_wait))


def explain(response) -> str:
    """One line from Discourse's error answer: its own reason, and which setting to fix."""
    status = response.status_code if response is not None else 0
    try:
        body = response.json()
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    reason = "; ".join(str(e) for e in body.get("errors") or []) or \
        _first_line(response.text if response is not None else "") or f"HTTP {status}"
    kind = body.get("error_type", "")
    if status == 403 and kind == "not_logged_in":
        return (f"the forum needs a login for this ({kind}): set {ENV_KEY} and {ENV_USER} to an "
                "account that may read and reply to the topic")
    if status == 403:
        return (f"refused (HTTP 403{', ' + kind if kind else ''}): {reason} Check {ENV_KEY} and "
                f"{ENV_USER} (the key must belong to that user, or be an all-users key)")
    if status == 404:
        return "not found (HTTP 404): check the topic id in [group.forum] (topics, digest_topic)"
    if status == 422:
        return f"Discourse refused the post (HTTP 422): {reason}"
    return f"HTTP {status}: {reason}"


def _first_line(text: str) -> str:
    return (text or "").strip().splitlines()[0][:200] if (text or "").strip() else ""


__all__ = ["CHUNK", "Credentials", "ENV_KEY", "ENV_USER", "Forum", "ForumError", "credentials_from_env",
           "explain", "forum_for"]
