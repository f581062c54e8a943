"""A fake transport under the real :class:`ldwg_bot.wiki.Wiki`: pywikibot's ``api.Request`` is
replaced by one that hands each request's parameters to a Python function, and the site is a
small stand-in with the facts the facade reads. The answers are written in the API's
formatversion=2 shape (MediaWiki includes/api/ApiQuery*.php, REL1_39), as the integration
tests see them from the real local wiki."""

from __future__ import annotations

from collections.abc import Callable

from pywikibot.data import api

from ldwg_bot.wiki import Wiki


class FakeFamily:
    name = "fake"

    def get_edit_restricted_templates(self, code: str) -> list[str]:
        return []

    def get_archived_page_templates(self, code: str) -> list[str]:
        return []


class FakeSite:
    """What the facade asks of pywikibot's APISite, and nothing else."""

    code = "en"
    articlepath = "/wiki/{}"

    def __init__(
        self, *, extensions=("Translate",), rights=("edit",), user="LdwgBot", lang="en", logged_in=True
    ):
        self.family = FakeFamily()
        self.extensions, self.rights, self.user = set(extensions), set(rights), user
        self.siteinfo = {"general": {"lang": lang}}
        self._logged_in, self.logins = logged_in, 0
        self.tokens = {"csrf": "TOKEN+\\"}

    def __str__(self) -> str:
        return "fake:en"

    def username(self) -> str:
        return self.user

    def logged_in(self) -> bool:
        return self._logged_in

    def login(self) -> None:
        self.logins += 1
        self._logged_in = True

    def has_extension(self, name: str) -> bool:
        return name in self.extensions

    def has_right(self, right: str) -> bool:
        return right in self.rights

    def base_url(self, path: str) -> str:
        return "http://127.0.0.1:9" + path

    def scriptpath(self) -> str:
        return "/w"


class Transport:
    """Records every request (parameters, GET or POST) and answers with ``answer(params)``."""

    def __init__(self, answer: Callable[[dict], dict]):
        self.answer = answer
        self.sent: list[tuple[str, dict]] = []

    def request_class(self):
        transport = self

        class FakeRequest:
            def __init__(self, *, site, parameters, use_get):
                self.parameters, self.method = dict(parameters), "GET" if use_get else "POST"

            def submit(self) -> dict:
                transport.sent.append((self.method, self.parameters))
                return transport.answer(self.parameters)

        return FakeRequest


def fake_wiki(monkeypatch, answer: Callable[[dict], dict], **site) -> tuple[Wiki, Transport]:
    """A real Wiki whose requests go to ``answer``; returns it and the transport's record."""
    transport = Transport(answer)
    monkeypatch.setattr(api, "Request", transport.request_class())
    return Wiki(FakeSite(**site), out=lambda text: None), transport


def page(title: str, text: str | None, revid: int = 7, ns: int = 0) -> dict:
    """One page object of ``prop=revisions`` (formatversion=2), or a missing page."""
    if text is None:
        return {"ns": ns, "title": title, "missing": True}
    return {
        "ns": ns,
        "title": title,
        "lastrevid": revid,
        "revisions": [
            {
                "revid": revid,
                "parentid": revid - 1,
                "user": "Human",
                "timestamp": "2026-12-01T00:00:00Z",
                "slots": {"main": {"contentmodel": "wikitext", "content": text}},
            }
        ],
    }
