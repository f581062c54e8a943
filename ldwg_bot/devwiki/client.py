"""A minimal MediaWiki API client on requests, for seeding and test set-up.

The bot itself talks to wikis through pywikibot (:mod:`ldwg_bot.wiki`); this
client exists so the devwiki can be seeded *as several human accounts*, with
``~~~~`` expanded by MediaWiki itself, without juggling pywikibot's global
login state. Passwords never appear in its messages.
"""

from __future__ import annotations

from typing import Any

import requests

USER_AGENT = "ldwg-bot-devwiki/0.1 (local development wiki)"


class ApiError(RuntimeError):
    def __init__(self, code: str, info: str):
        super().__init__(f"{code}: {info}")
        self.code = code


class ApiClient:
    """One logged-in (or anonymous) session against one api.php."""

    def __init__(self, api_url: str, timeout: float = 60):
        self.api_url = api_url
        self.index_url = api_url.rsplit("/", 1)[0] + "/index.php"
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.timeout = timeout
        self.user: str | None = None

    def request(self, method: str, **params: Any) -> dict:
        params = {"format": "json", "formatversion": "2", **params}
        if method == "GET":
            r = self.session.get(self.api_url, params=params, timeout=self.timeout)
        else:
            r = self.session.post(self.api_url, data=params, timeout=self.timeout)
        r.raise_for_status()
        data = r.json()
        if "error" in data:
            raise ApiError(data["error"].get("code", "?"), data["error"].get("info", ""))
        return data

    def get(self, **params: Any) -> dict:
        return self.request("GET", **params)

    def post(self, **params: Any) -> dict:
        return self.request("POST", **params)

    def token(self, kind: str = "csrf") -> str:
        return self.get(action="query", meta="tokens", type=kind)["query"]["tokens"][f"{kind}token"]

    def login(self, user: str, password: str) -> ApiClient:
        """Log in with a main or bot password (action=login)."""
        token = self.token("login")
        result = self.post(action="login", lgname=user, lgpassword=password, lgtoken=token)["login"]
        if result.get("result") != "Success":
            raise ApiError(
                "login-failed", f"login as {user} failed: {result.get('reason', result.get('result'))}"
            )
        self.user = result.get("lgusername", user)
        return self

    def edit(self, title: str, summary: str = "", **params: Any) -> dict:
        """action=edit with the session's csrf token; returns the edit result."""
        result = self.post(action="edit", title=title, summary=summary, token=self.token(), **params)["edit"]
        if result.get("result") != "Success":
            raise ApiError("edit-failed", f"edit of {title!r} failed: {result}")
        return result

    def page_text(self, title: str) -> str | None:
        pages = self.get(action="query", prop="revisions", rvprop="content", rvslots="main", titles=title)[
            "query"
        ]["pages"]
        page = pages[0]
        if page.get("missing"):
            return None
        return page["revisions"][0]["slots"]["main"]["content"]

    def revisions(self, title: str, limit: int = 50) -> list[dict]:
        pages = self.get(
            action="query", prop="revisions", rvprop="ids|timestamp|user|comment", rvlimit=limit, titles=title
        )["query"]["pages"]
        return pages[0].get("revisions", [])
