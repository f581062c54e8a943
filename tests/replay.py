"""Translate's recorded answers, replayed through the real HTTP client.

There is no Translate here (the project ships no MediaWiki extension), so the
tests that need one put the loopback proxy (:mod:`tests.support.proxy`) in
front of a real devwiki without Translate, and let it answer Translate's
requests from ``../shared/fixtures/translate``:

* ``REQUESTS.tsv`` says, for every recorded file, the method and the exact
  parameters of the request it answered (MediaWiki 1.39 + Translate REL1_39);
* ``rel1_43/`` holds the answers of ``action=markfortranslation`` on
  MediaWiki 1.43 + Translate REL1_43 (its README lists the requests).

A test chooses which recorded answers are served (a wiki "state"); the
proxy serves one only to a request that has every parameter of the recorded
request (csrf token and format aside), so a bot that asks something else
gets the devwiki's own answer and the test fails. Everything else -- pages,
login, edits -- is the devwiki's real answer. The one composed answer is
siteinfo: the devwiki's real one, with its ``extensions`` list replaced by the
recorded list of the Translate wiki (the only way the bot learns that
Translate is there).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tests.shared import shared_path
from tests.support.proxy import LoopbackProxy

IGNORED = {"token", "format", "formatversion"}
MODULE_LISTS = {"meta", "prop", "list"}


@dataclass(frozen=True)
class Recording:
    """One recorded answer and the request it answered."""

    file: str
    method: str
    params: dict
    note: str = ""
    error_header: bool = True  # MediaWiki core sets MediaWiki-API-Error; Translate's tpt-* don't

    def body(self) -> dict:
        return json.loads(fixtures_dir().joinpath(self.file).read_text(encoding="utf-8"))

    def matches(self, method: str, params: dict) -> bool:
        # pywikibot may POST a read (MediaWiki answers a query the same either way); a write must be a POST
        return (method == self.method or self.method == "GET") and all(
            _same(k, params.get(k), v) for k, v in self.params.items() if k not in IGNORED
        )


def _same(key: str, sent: object, recorded: object) -> bool:
    """pywikibot adds ``meta=userinfo`` to its queries: module lists need only hold the recorded ones."""
    if key in MODULE_LISTS and isinstance(sent, str):
        return set(str(recorded).split("|")) <= set(sent.split("|"))
    return str(sent) == str(recorded)


def fixtures_dir() -> Path:
    return shared_path("fixtures", "translate")


def recordings() -> dict[str, Recording]:
    """Every fixture file named in REQUESTS.tsv, with its recorded request."""
    found = {}
    for line in (fixtures_dir() / "REQUESTS.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        name, method = cols[0], cols[1].split()[0]
        if not name.endswith(".json"):
            continue  # "(no fixture)" and the HTML answers of the special page
        found[name] = Recording(
            name, method, json.loads(cols[2]), cols[3].lstrip("# ") if len(cols) > 3 else ""
        )
    return found


def rel1_43(name: str, **params) -> Recording:
    """A REL1_43 markfortranslation answer; ``params`` are what tells its request apart.

    Per the rel1_43 README only ``permissiondenied`` (MediaWiki core's own
    check) carries the ``MediaWiki-API-Error`` header.
    """
    path = f"rel1_43/{name}.json"
    fixtures_dir().joinpath(path).stat()  # missing -> clear error
    return Recording(
        path,
        "POST",
        {"action": "markfortranslation", **params},
        error_header=name.endswith("permissiondenied"),
    )


class TranslateReplay:
    """``with TranslateReplay(devwiki) as replay: replay.serve(...)``; the bot uses ``replay.api_url``."""

    def __init__(self, wiki, *, translate_installed: bool = True):
        self.wiki = wiki
        self.proxy = LoopbackProxy(wiki.url)
        self.served: list[tuple[str, dict]] = []  # (file, request params) in order
        if translate_installed:
            extensions = recordings()["siteinfo_extensions_fv2.json"].body()["query"]["extensions"]
            self.proxy.add(
                _asks_siteinfo_extensions,
                times=10_000,
                rewrite=lambda answer: _with_extensions(answer, extensions),
            )

    def serve(self, *answers: Recording | str, times: int = 1) -> None:
        """Answer the next matching requests with these recordings, in order (each ``times`` times)."""
        table = recordings()
        for answer in answers:
            rec = table[answer] if isinstance(answer, str) else answer
            body = rec.body()

            def matches(method, params, rec=rec):
                if rec.matches(method, params):
                    self.served.append((rec.file, dict(params)))
                    return True
                return False

            self.proxy.add(matches, times=times, body=body, error_header=rec.error_header)

    def pending(self) -> list[str]:
        """Recordings not served yet (a test asserts this is empty)."""
        return [r for r in self.proxy.rules if r.body is not None and r.hits < r.times]

    @property
    def api_url(self) -> str:
        return self.proxy.api_url

    @property
    def port(self) -> int:
        return self.proxy.port

    def requests(self, mark: int = 0) -> list[tuple[str, str, dict]]:
        return self.proxy.since(mark)

    def __enter__(self) -> TranslateReplay:
        self.proxy.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.proxy.__exit__(*exc)


def _asks_siteinfo_extensions(method: str, params: dict) -> bool:
    return (
        params.get("meta")
        and "siteinfo" in params.get("meta", "").split("|")
        and "extensions" in params.get("siprop", "").split("|")
    )


def _with_extensions(answer: dict, extensions: list) -> dict:
    query = answer.get("query")
    if isinstance(query, dict) and "extensions" in query:
        query["extensions"] = extensions
    return answer
