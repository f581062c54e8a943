"""Look at devwiki pages as a reader does: headless Chromium, then check what shows.

Used by the browser test of the demo and by ``python -m tests.support.browser``
(the README screenshots). Chromium is Debian's ``chromium`` (``./dev``
installs it for the tests); every run gets a profile folder of its own, so
several runs at once do not share a lock.

:func:`problems` is pure: it reads the rendered HTML of a page and names
what a reader would see wrong -- Translate markup shown as text, wikitext
shown as text, links to files the wiki does not have, red links.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

VISIBLE_MARKUP = (
    "<translate",
    "</translate>",
    "<tvar",
    "<!--T:",
    "<languages",
    "[[",
    "]]",
    "{{",
    "}}",
    "'''",
    "<span id=",
)
# Red links that are normal on a wiki: accounts that never wrote a user page.
RED_LINKS_ALLOWED = ("User:", "User talk:")


class ChromiumMissing(RuntimeError):
    """No headless browser here."""


def chromium() -> str:
    for name in (os.environ.get("LDWG_BOT_CHROMIUM", ""), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    raise ChromiumMissing("chromium is not installed: run 'apt-get install chromium' (./dev test does)")


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="ldwg-chromium-") as profile:
        cmd = [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-extensions",
            f"--user-data-dir={profile}",
            *args,
        ]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def rendered_html(url: str, timeout: float = 90) -> str:
    """The page's DOM after Chromium loaded it and ran its scripts."""
    proc = _run(["--virtual-time-budget=5000", "--dump-dom", url], timeout)
    if proc.returncode != 0 or "<html" not in proc.stdout:
        raise RuntimeError(f"chromium could not load {url}: {proc.stderr.strip()[-300:]}")
    return proc.stdout


def screenshot(url: str, path: Path, width: int = 1200, height: int = 900, timeout: float = 90) -> Path:
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    proc = _run(
        [f"--window-size={width},{height}", "--virtual-time-budget=5000", f"--screenshot={path}", url],
        timeout,
    )
    if proc.returncode != 0 or not path.is_file():
        raise RuntimeError(f"chromium could not take {path.name}: {proc.stderr.strip()[-300:]}")
    return path


class _Reader(HTMLParser):
    """Text a reader sees in the content area, its links and images."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 inside #mw-content-text or #firstHeading
        self.hidden = 0  # inside script/style
        self.text: list[str] = []
        self.links: list[dict] = []
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.depth:
            self.depth += tag not in ("br", "img", "hr", "input", "meta", "link", "wbr", "source")
        elif a.get("id") in ("mw-content-text", "firstHeading"):
            self.depth = 1
        if not self.depth:
            return
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag == "a":
            self.links.append(a)
        elif tag == "img":
            self.images.append(a)

    def handle_endtag(self, tag):
        if self.depth:
            if tag in ("script", "style") and self.hidden:
                self.hidden -= 1
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.hidden:
            self.text.append(data)


def read_page(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    return reader


def problems(html: str, allowed_red: tuple[str, ...] = RED_LINKS_ALLOWED) -> list[str]:
    """What a reader of this rendered page would see broken (empty when nothing)."""
    page = read_page(html)
    text = "".join(page.text)
    found = [f"shows {m!r} as text" for m in VISIBLE_MARKUP if m in text]
    for link in page.links:
        classes = (link.get("class") or "").split()
        title = link.get("title") or ""
        href = unquote(link.get("href") or "")
        if "Special:Upload" in href or ("new" in classes and title.startswith(("File:", "Media:"))):
            found.append(f"broken file link: {title or href}")
        elif "new" in classes and not title.startswith(allowed_red):
            found.append(f"red link: {title or href}")
    if not page.text or not text.strip():
        found.append("no content")
    return found


def image_sources(html: str) -> list[str]:
    return [img.get("src", "") for img in read_page(html).images if img.get("src")]


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.support.browser URL [--screenshot FILE]``: check (and photograph) a page."""
    ap = argparse.ArgumentParser(
        prog="python -m tests.support.browser",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("url")
    ap.add_argument("--screenshot", type=Path, help="also save a PNG of the page")
    ap.add_argument("--size", default="1200x900", help="window size for the screenshot")
    args = ap.parse_args(argv)
    found = problems(rendered_html(args.url))
    for p in found:
        print(f"{args.url}: {p}")
    if args.screenshot:
        w, h = (int(x) for x in args.size.split("x"))
        print(f"saved {screenshot(args.url, args.screenshot, w, h)}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
