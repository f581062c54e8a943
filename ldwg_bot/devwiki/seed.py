"""Seed the devwiki with the LDWG example pages and feedback threads.

Content ships with the package (``ldwg_bot/examples/devwiki``), so a fresh
clone seeds without anything beside it. Every page and every comment is
posted through the API by the account that "wrote" it, and comments end in
``~~~~``: the signatures are MediaWiki's own, in the wiki's content language.
The example update's image (``files/LDWG_logo.png``, drawn for ldwg-bot from
``files/LDWG_logo.html``) is imported as ``File:LDWG logo.png``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import yaml

from .client import ApiClient, ApiError


class DevWiki(Protocol):
    """What seeding needs of a wiki; :class:`.manager.DevWiki` has it (no import back, no cycle)."""

    translate: bool
    passwords: dict
    dir: Path

    @property
    def url(self) -> str: ...

    @property
    def api_url(self) -> str: ...

    def password(self, user: str) -> str: ...

    def client(self, user: str | None = None) -> ApiClient: ...

    def run_jobs(self) -> None: ...

    def maintenance(self, script: str, *args: str, stdin: str | None = None) -> str: ...


CONTENT_DIR = Path(__file__).resolve().parent.parent / "examples" / "devwiki"
ANON = "~anon"


def load_yaml(name: str) -> list:
    return yaml.safe_load((CONTENT_DIR / name).read_text(encoding="utf-8"))


def create_account(wiki: DevWiki, user: str) -> None:
    """Create a human account through the API (as a visitor would); no-op when it exists."""
    anon = ApiClient(wiki.api_url)
    token = anon.token("createaccount")
    try:
        result = anon.post(
            action="createaccount",
            username=user,
            password=wiki.password(user),
            retype=wiki.password(user),
            createreturnurl=wiki.url + "/",
            createtoken=token,
        )["createaccount"]
    except ApiError as exc:
        if exc.code == "userexists":
            return
        raise
    if result.get("status") != "PASS" and result.get("messagecode") != "userexists":
        raise ApiError("createaccount", f"could not create {user}: {result.get('message', result)}")


class Seeder:
    """Keeps one logged-in session per account while seeding."""

    def __init__(self, wiki: DevWiki):
        self.wiki = wiki
        self.sessions: dict[str, ApiClient] = {}

    def as_user(self, user: str) -> ApiClient:
        if user not in self.sessions:
            if user == ANON:
                self.sessions[user] = ApiClient(self.wiki.api_url)
            else:
                if user != "Admin" and user not in self.wiki.passwords:
                    create_account(self.wiki, user)
                self.sessions[user] = (
                    self.wiki.client(user)
                    if user != "Admin"
                    else ApiClient(self.wiki.api_url).login("Admin", self.wiki.password("Admin"))
                )
        return self.sessions[user]

    def pages(self, skip_translations: bool = False) -> None:
        for spec in load_yaml("pages.yaml"):
            title = spec["title"]
            if (
                skip_translations
                and "/" in title
                and title.rsplit("/", 1)[1] in ("es", "pt", "ar", "bn", "fr")
            ):
                continue  # with Translate, FuzzyBot owns <page>/<lang>
            text = spec.get("text") or (CONTENT_DIR / spec["file"]).read_text(encoding="utf-8")
            self.as_user(spec["user"]).edit(title, summary="Create page", text=text)

    def talk(self) -> None:
        for page in load_yaml("talk.yaml"):
            title = page["page"]
            for number, thread in enumerate(page["threads"], start=1):
                for i, comment in enumerate(thread["comments"]):
                    self.post_comment(title, number, thread["heading"] if i == 0 else None, comment)

    def post_comment(self, title: str, section: int, new_heading: str | None, comment: dict) -> None:
        client = self.as_user(comment["user"])
        body = comment["text"].strip()
        if comment.get("unsigned"):
            body += " {{unsigned|" + f"{comment['user']}|{comment['unsigned']}" + "}}"
        else:
            body += " ~~~~"
        indent = comment.get("indent", "")
        if indent:
            # every paragraph of a reply carries the indentation, as DiscussionTools writes it
            body = "\n".join(indent + line if line else line for line in body.split("\n"))
        if comment.get("outdent"):
            body = "{{outdent|" + ":" * 4 + "}}\n" + body
        if new_heading is not None:
            client.edit(
                title,
                summary=f"/* {new_heading} */ new section",
                section="new",
                sectiontitle=new_heading,
                text=body,
            )
        else:
            client.edit(title, summary="Reply", section=str(section), appendtext="\n" + body)


def upload_files(wiki: DevWiki) -> None:
    """The example files (``examples/devwiki/files/*.png``, made for ldwg-bot), as File: pages."""
    files = sorted((CONTENT_DIR / "files").glob("*.png"))
    if files:
        (wiki.dir / "data" / "images").mkdir(parents=True, exist_ok=True)
        wiki.maintenance(
            "importImages",
            "--user=Admin",
            "--extensions=png",
            "--skip-dupes",
            "--comment=Example file shipped with ldwg-bot",
            str(CONTENT_DIR / "files"),
        )


def seed_wiki(wiki: DevWiki) -> None:
    seeder = Seeder(wiki)
    upload_files(wiki)
    seeder.pages(skip_translations=wiki.translate)
    seeder.talk()
    wiki.run_jobs()
