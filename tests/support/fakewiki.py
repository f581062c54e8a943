"""The one in-memory stand-in for :class:`ldwg_bot.wiki.Wiki` in unit tests.

Why one: the job tests each need a wiki that answers a few API calls without a server, and
three hand-made fakes had drifted apart (different names for the same record of calls, two
site stand-ins). This one offers the :class:`~ldwg_bot.wiki.Wiki` methods the jobs call, with
the same names and return shapes, and records what was asked; what the API answers comes from
the test (``answer`` for reads, ``on_post`` for writes), so each test keeps its own wiki's
content while sharing the machinery. Answers follow the API's formatversion=2 shapes; the
integration tests check the real wiki gives the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ldwg_bot.errors import WikiError
from ldwg_bot.wiki import PageState

Params = dict[str, Any]


def _no_answer(params: Params) -> dict:
    raise AssertionError(f"FakeWiki was asked something the test did not expect: {params}")


def answers_in_turn(*answers: dict) -> Callable[[str, Params], dict]:
    """An ``on_post`` giving one answer per write, in order. An ``error`` document raises
    :class:`WikiError` with its code and info, as the wiki's API layer does with one."""
    left = list(answers)

    def on_post(action: str, params: Params) -> dict:
        assert left, f"FakeWiki was asked to write ({action}) more often than the test expected"
        answer = left.pop(0)
        if "error" in answer:
            code, info = answer["error"]["code"], answer["error"]["info"]
            raise WikiError(f"devwiki: {action} failed: {code}: {info}", code=code, info=info)
        return answer

    return on_post


def fails_with(error: Exception) -> Callable[[str, Params], dict]:
    """An ``on_post`` whose every write fails with ``error``."""

    def on_post(action: str, params: Params) -> dict:
        raise error

    return on_post


class FakeWiki:
    """Answers ``request`` with ``answer(params)``, writes with ``on_post(action, params)``."""

    def __init__(
        self,
        answer: Callable[[Params], dict] = _no_answer,
        *,
        on_post: Callable[[str, Params], dict | None] | None = None,
        pages: dict[str, str | None] | None = None,
        extensions: Iterable[str] = ("Translate", "MassMessage"),
        rights: Iterable[str] = ("pagetranslation", "massmessage"),
        username: str = "LdwgBot",
        content_language: str = "en",
        simulate: bool = False,
        revid: int = 77,
        namespace: int = 0,
    ):
        self.answer, self.on_post = answer, on_post
        self.pages = dict(pages or {})  # title -> wikitext (None: the page is missing)
        self.extensions, self.rights = set(extensions), set(rights)
        self.username, self.content_language = username, content_language
        self.simulate, self.revid, self.namespace = simulate, revid, namespace
        self.calls: list[Params] = []  # every read, in order (query_pages as titles=a|b)
        self.posts: list[tuple[str, Params]] = []
        self.reads: list[str] = []
        self.logins = 0

    def request(self, **params: Any) -> dict:
        self.calls.append(params)
        return self.answer(params)

    def query_pages(self, titles: Iterable[str], **params: Any) -> dict[str, dict]:
        """Each title's page in the API's shape: content for those in ``pages``, else missing."""
        titles = list(titles)
        assert len(titles) <= 50, "the API takes at most 50 titles"
        self.calls.append({"titles": "|".join(titles), **params})
        out: dict[str, dict] = {}
        for title in titles:
            text = self.pages.get(title)
            page = {"ns": self.namespace, "title": title}
            out[title] = (
                {**page, "missing": True}
                if text is None
                else {**page, "revisions": [{"slots": {"main": {"content": text}}}]}
            )
        return out

    def read_page(self, title: str) -> PageState:
        self.reads.append(title)
        text = self.pages.get(title)
        return PageState(title, text is not None, text, self.revid if text is not None else None)

    def post_write(self, action: str, **params: Any) -> dict | None:
        self.posts.append((action, params))
        if self.simulate:
            return None
        assert self.on_post is not None, (
            f"FakeWiki was asked to write ({action}) but the test gave no on_post"
        )
        return self.on_post(action, params)

    def login(self) -> None:
        self.logins += 1

    def has_extension(self, name: str) -> bool:
        return name in self.extensions

    def has_right(self, name: str) -> bool:
        return name in self.rights

    def url(self, title: str) -> str:
        return "https://meta.wikimedia.org/wiki/" + title.replace(" ", "_")
