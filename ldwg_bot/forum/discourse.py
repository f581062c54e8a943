"""Access to a Discourse forum (the Movement Strategy forum), over ``pydiscourse``.

The one place that talks HTTP to Discourse. pydiscourse builds and sends the
requests; every answer is taken from it by a ``requests`` response hook
(:func:`_take_answer`) before its own handling runs, and read here:

- a 429 is waited out in :meth:`Forum._call`, by the rule of
  :mod:`ldwg_bot.forum.ratelimit` and within ``[group.forum]`` ``retries``,
  ``max_wait`` and ``max_total_wait``; when a wait would break a cap or the
  retries run out, the forum is done for the run: one :class:`ForumError`
  naming the key to raise, and no request after it (pydiscourse 1.7 would
  retry a 429 itself, 4 tries, without a cap and without ``Retry-After``);
- other refusals become one-line :class:`ForumError` messages
  (:func:`explain`), and a redirect is not followed;
- a 2xx answer must be JSON in Discourse's format, checked field by field
  by :mod:`ldwg_bot.forum.records`, else one :class:`ForumAnswerError` line.
  (pydiscourse 1.7's ``_request`` reads ``headers["content-type"]``, a
  KeyError when absent, tests ``"errors" in`` the decoded JSON, a TypeError
  for ``null``, and returns None for an empty non-JSON answer: it cannot be
  trusted with a malformed one.)

A whole topic is read in the fewest requests:
``GET /t/{id}.json`` (the stream of post ids and the first 20 posts), then
``GET /t/{id}/posts.json?post_ids[]=...`` for the rest, 20 ids a request, as
Discourse's own web client does (``TopicView::CHUNK_SIZE``).

Reading needs no account and sends none: the topics are public. The API key
and user for posting come from the environment (:data:`ENV_KEY`,
:data:`ENV_USER`), go only into the ``Api-Key``/``Api-Username`` headers of
the ``POST`` that posts, only over https (or http to this machine), and never
into a message, a log line or a ``repr``.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

import requests
from pydiscourse import DiscourseClient

from .. import __version__
from ..config import FORUM_LIMITS as LIMITS
from ..config import ForumConfig, plain_http_elsewhere
from ..errors import ForumAnswerError, ForumError
from .ratelimit import BudgetExceeded, WaitBudget, response_wait
from .records import (
    ForumTopic,
    PostResult,
    answer_error,
    not_confirmed,
    read_new_post,
    read_posts_page,
    read_topic,
    whole_topic,
)

log = logging.getLogger("ldwg_bot")

ENV_KEY = "LDWG_BOT_DISCOURSE_API_KEY"
ENV_USER = "LDWG_BOT_DISCOURSE_USER"
#: Post ids per ``posts.json`` request (``TopicView::CHUNK_SIZE``).
CHUNK = 20
USER_AGENT = f"ldwg-bot/{__version__} (https://meta.wikimedia.org/wiki/Leadership_Development_Working_Group)"


@dataclass(frozen=True)
class Credentials:
    """An API key and the user it acts as; ``repr`` never shows the key."""

    user: str
    key: str = field(repr=False)


def credentials_from_env(environ: Mapping[str, str] | None = None) -> Credentials | None:
    """Both variables set: credentials; neither: None; only one: an error naming the other."""
    env = os.environ if environ is None else environ
    key, user = (env.get(ENV_KEY) or "").strip(), (env.get(ENV_USER) or "").strip()
    if key and user:
        return Credentials(user, key)
    if key or user:
        missing = ENV_USER if key else ENV_KEY
        raise ForumError(f"{missing} is not set: the forum needs both {ENV_KEY} and {ENV_USER}")
    return None


class _Answer(Exception):
    """An answer, carried out of pydiscourse to :meth:`Forum._send`."""

    def __init__(self, response: requests.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


def _take_answer(response: requests.Response, *args: Any, **kwargs: Any) -> NoReturn:
    """``requests`` response hook: every answer leaves pydiscourse at once (see the module doc).

    The hook runs inside ``requests.request``, before pydiscourse looks at
    the status, so pydiscourse never sleeps on a 429 nor decodes a body.
    The body is read here, while the request's session is still open.
    """
    response.content  # noqa: B018 - reads the body now
    raise _Answer(response)


class _Client(DiscourseClient):
    """pydiscourse's client with the two routes as Discourse's API docs write them:
    ``GET /t/{id}.json`` (no slug needed) and ``POST /posts.json`` (its
    ``create_post`` uses ``/posts`` and sends empty title/category fields)."""

    def topic_by_id(self, topic_id: int, **kwargs: Any) -> Any:
        return self._get(f"/t/{topic_id}.json", **kwargs)

    def reply(self, topic_id: int, raw: str, **kwargs: Any) -> Any:
        return self._post("/posts.json", topic_id=topic_id, raw=raw, **kwargs)


def decode(response: requests.Response) -> tuple[Any, str]:
    """``(JSON value, "")`` of a 2xx answer, or ``(None, why it is not JSON)``."""
    status, body = response.status_code, response.content or b""
    media = _first_line((response.headers.get("Content-Type") or "").split(";")[0]).lower()[:60]
    if not body.strip():
        return None, f"HTTP {status} with an empty body"
    if media != "application/json":
        return (
            None,
            f"HTTP {status} with {f'Content-Type {media!r}' if media else 'no Content-Type'}, not JSON",
        )
    try:
        return json.loads(body), ""
    except (ValueError, RecursionError):
        return None, f"HTTP {status}: the body is not valid JSON"


class Forum:
    """One Discourse site: read topics anonymously, post replies with the credentials."""

    def __init__(
        self,
        url: str,
        credentials: Credentials | None = None,
        timeout: float = 30,
        *,
        retries: int = 3,
        budget: WaitBudget | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.credentials = credentials
        self.retries = retries  # tries after the first 429 of one call
        self.budget = budget if budget is not None else WaitBudget()
        self.stopped = ""  # why no more requests go out in this run
        # pydiscourse never holds the key: only the posting request's headers do (_request_kwargs)
        self._client = _Client(self.url, None, None, timeout=timeout)
        self.calls = 0  # API calls made (a call waited out after a 429 counts once)

    def __repr__(self) -> str:
        return f"Forum({self.url!r}, user={self.credentials.user if self.credentials else None!r})"

    def _request_kwargs(self, posting: bool) -> dict[str, Any]:
        """What every request carries; the key only when ``posting`` (reads are anonymous)."""
        headers = {"Accept": "application/json; charset=utf-8", "User-Agent": USER_AGENT}
        if posting and self.credentials:
            headers.update({"Api-Key": self.credentials.key, "Api-Username": self.credentials.user})
        return {"headers": headers, "allow_redirects": False, "hooks": {"response": [_take_answer]}}

    def _call(
        self, what: str, method: Callable[..., Any], *args: Any, posting: bool = False, **kwargs: Any
    ) -> requests.Response:
        """One API call's answer; a 429 is waited out and the call sent again, within the limits."""
        if self.stopped:
            raise ForumError(f"{self.url}: {what}: not sent: {self.stopped}")
        self.calls += 1
        tries = 0
        while True:
            tries += 1
            response = self._send(what, method, *args, posting=posting, **kwargs)
            if response.status_code != 429:
                return response
            seconds = response_wait(response)
            code = _first_line(response.headers.get("Discourse-Rate-Limit-Error-Code", ""))[:60]
            if tries > self.retries:
                self._stop(
                    what,
                    f"still rate-limited (HTTP 429) after {tries} "
                    f"{'try' if tries == 1 else 'tries'}; nothing more "
                    f"sent, run again in {seconds:g} s or later, or raise retries in "
                    f"[group.forum] (now {self.retries}, at most {LIMITS['retries']})",
                )
            try:
                self.budget.wait(seconds)
            except BudgetExceeded as over:
                self._stop(
                    what,
                    f"rate-limited (HTTP 429): {over}; nothing more sent, raise "
                    f"{over.key} in [group.forum] (at most {LIMITS[over.key]}) or run "
                    "again later",
                )
            log.info(
                "%s: %s: rate-limited (HTTP 429%s), waited %g s (try %d of %d)",
                self.url,
                what,
                f", {code}" if code else "",
                seconds,
                tries + 1,
                self.retries + 1,
            )

    def _stop(self, what: str, why: str) -> NoReturn:
        """No more requests in this run; raise the one line that says why."""
        self.stopped = f"the forum rate-limited this run ({what})"
        raise ForumError(f"{self.url}: {what}: {why}")

    def _send(
        self, what: str, method: Callable[..., Any], *args: Any, posting: bool, **kwargs: Any
    ) -> requests.Response:
        """One request through pydiscourse; its answer, or a failure to get one as a :class:`ForumError`."""
        try:
            method(*args, override_request_kwargs=self._request_kwargs(posting), **kwargs)
        except _Answer as answer:
            return answer.response
        except requests.RequestException as exc:
            raise ForumError(
                f"{self.url}: {what}: {type(exc).__name__}: the forum did not answer "
                "(check forum.url and the network)"
            ) from None
        raise ForumError(f"{self.url}: {what}: no answer came back through pydiscourse")

    def _read(self, what: str, label: str, kind: str, method: Callable[..., Any], *args: Any) -> Any:
        """A read's JSON answer: refusals and redirects as :class:`ForumError`, not-JSON as
        :class:`ForumAnswerError` (``label`` names the request, ``kind`` Discourse's format)."""
        response = self._call(what, method, *args)
        status = response.status_code
        if status >= 400:
            raise ForumError(f"{self.url}: {what}: {explain(response)}")
        if not 200 <= status < 300:
            where = _first_line(response.headers.get("Location") or "")
            raise ForumError(
                f"{self.url}: {what}: HTTP {status}{f' to {where}' if where else ''}, which "
                "the bot does not follow: check forum.url"
            )
        data, problem = decode(response)
        if problem:
            raise answer_error(label, kind, problem)
        return data

    def _topic(self, topic_id: int) -> tuple[dict[str, Any], ForumTopic]:
        """The merged JSON and the record of a whole topic, every answer checked."""
        what = f"topic {topic_id}"
        label = f"{self.url}: {what}"
        data = self._read(what, label, "topic", self._client.topic_by_id, topic_id)
        head, posts = read_topic(data, topic_id, label)
        raw = {p["id"]: p for p in data["post_stream"]["posts"]}
        have = {p.id for p in posts}
        rest = [i for i in head.stream if i not in have]
        for n, start in enumerate(range(0, len(rest), CHUNK), 2):
            asked = rest[start : start + CHUNK]
            page_label = f"{label}: posts.json (request {n})"
            more = self._read(what, page_label, "posts", self._client.posts, topic_id, asked)
            posts += read_posts_page(more, topic_id, asked, page_label)
            raw.update({p["id"]: p for p in more["post_stream"]["posts"]})
        topic = whole_topic(head, posts)
        merged = {**data, "post_stream": {**data["post_stream"], "posts": [raw[p.id] for p in topic.posts]}}
        return merged, topic

    def read_topic(self, topic_id: int) -> ForumTopic:
        """The whole topic as a checked record: every post the reader may see, in stream order.

        Costs ``ceil(posts / 20)`` requests. Ids the server no longer returns
        (deleted since the stream was read) are simply missing. An answer not
        in Discourse's format is one :class:`ForumAnswerError`.
        """
        return self._topic(topic_id)[1]

    def topic(self, topic_id: int) -> dict[str, Any]:
        """The same whole topic as Discourse's JSON (``post_stream.posts`` = every post), checked
        as :meth:`read_topic` checks it; for code that reads the JSON (the digest's thread check)."""
        return self._topic(topic_id)[0]

    def reply(self, topic_id: int, raw: str) -> PostResult:
        """``POST /posts.json`` (topic_id, raw): the new post, or that it waits for a moderator.

        Only an HTTP 200 JSON answer holding the new post (or ``action:
        "enqueued"``) confirms it; a 204, a redirect, a body that is not JSON
        or JSON without the post is one "not confirmed" :class:`ForumAnswerError`.
        """
        what = f"reply to topic {topic_id}"
        if not self.credentials:
            raise ForumError(f"{self.url}: posting needs {ENV_KEY} and {ENV_USER}")
        if plain_http_elsewhere(self.url):
            raise ForumError(
                f"{self.url}: {what}: not sent: the address is plain http, so {ENV_KEY} would "
                "cross the network unencrypted; use https:// in forum.url (http only for localhost)"
            )
        response = self._call(what, self._client.reply, topic_id, raw, posting=True)
        label = f"{self.url}: {what}"
        if response.status_code >= 400:
            raise ForumError(f"{label}: {explain(response, posting=True)}")
        if response.status_code >= 300:
            raise not_confirmed(label, f"HTTP {response.status_code} (a redirect), not the new post")
        data, problem = decode(response)
        if problem:
            raise not_confirmed(label, problem)
        return read_new_post(data, topic_id, label)


def forum_for(fo: ForumConfig) -> Forum:
    """The forum of a ``[group.forum]`` table: its wait limits, credentials from the environment."""
    return Forum(
        fo.url, credentials_from_env(), retries=fo.retries, budget=WaitBudget(fo.max_wait, fo.max_total_wait)
    )


def explain(response: requests.Response | None, posting: bool = False) -> str:
    """One line from Discourse's error answer: its own reason, and which setting to fix."""
    status = response.status_code if response is not None else 0
    body, _ = decode(response) if response is not None else (None, "")
    body = body if isinstance(body, dict) else {}
    errors = body.get("errors")
    errors = errors if isinstance(errors, list) else [errors] if isinstance(errors, str) else []
    reason = (
        _first_line("; ".join(" ".join(str(e).split()) for e in errors))
        or _first_line(response.text if response is not None else "")
        or f"HTTP {status}"
    )
    error_type = body.get("error_type")
    kind = _first_line(error_type if isinstance(error_type, str) else "")[:60]
    if status == 403 and not posting:
        return (
            f"the topic is not public (HTTP 403{', ' + kind if kind else ''}): the bot reads topics "
            "without logging in, so it can collect only public ones; check [group.forum] topics"
        )
    if status == 403 and kind == "not_logged_in":
        return (
            f"the forum needs a login for this ({kind}): set {ENV_KEY} and {ENV_USER} to an "
            "account that may reply to the topic"
        )
    if status == 403:
        return (
            f"refused (HTTP 403{', ' + kind if kind else ''}): {reason} Check {ENV_KEY} and "
            f"{ENV_USER} (the key must belong to that user, or be an all-users key)"
        )
    if status == 404:
        return "not found (HTTP 404): check the topic id in [group.forum] (topics, digest_topic)"
    if status == 422:
        return f"Discourse refused the post (HTTP 422): {reason}"
    return f"HTTP {status}: {reason}"


def _first_line(text: str) -> str:
    return (text or "").strip().splitlines()[0][:200] if (text or "").strip() else ""


__all__ = [
    "CHUNK",
    "Credentials",
    "ENV_KEY",
    "ENV_USER",
    "Forum",
    "ForumAnswerError",
    "ForumError",
    "credentials_from_env",
    "decode",
    "explain",
    "forum_for",
]
